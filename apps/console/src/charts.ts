// Apache ECharts, only the parts the console uses (keeps the bundle small).
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GaugeChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

const live: echarts.ECharts[] = [];

/** A chart in a new element of the given height; disposed when the page changes. */
export function chart(option: ChartOption, height = 280, testId?: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'chart';
  element.style.height = `${height}px`;
  if (testId) element.dataset.testid = testId;
  // ECharts needs the element's size: initialise once it is in the document.
  requestAnimationFrame(() => {
    if (!element.isConnected) return;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    // ECharts' own signal that the chart is drawn: browser tests wait for it instead of a guessed pause.
    instance.on('finished', () => {
      element.dataset.rendered = 'true';
    });
    instance.setOption({ animation: false, ...option });
    live.push(instance);
  });
  return element;
}

export function disposeCharts(): void {
  for (const instance of live.splice(0)) instance.dispose();
}

window.addEventListener('resize', () => {
  for (const instance of live) instance.resize();
});
