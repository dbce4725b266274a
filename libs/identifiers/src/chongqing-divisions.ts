// Chongqing's districts and counties. Retired codes stay because historical pledges and loans
// were recorded under them; each names the code that replaced it when the county became a
// district. Names are for display only.
export type ChongqingDivisionKind = 'district' | 'county';

export interface ChongqingDivision {
  readonly name: string;
  readonly kind: ChongqingDivisionKind;
  /** Present only on retired codes. */
  readonly successor?: string;
}

export const CHONGQING_DIVISIONS: Readonly<Record<string, ChongqingDivision>> = {
  '500101': { name: '万州区', kind: 'district' },
  '500102': { name: '涪陵区', kind: 'district' },
  '500103': { name: '渝中区', kind: 'district' },
  '500104': { name: '大渡口区', kind: 'district' },
  '500105': { name: '江北区', kind: 'district' },
  '500106': { name: '沙坪坝区', kind: 'district' },
  '500107': { name: '九龙坡区', kind: 'district' },
  '500108': { name: '南岸区', kind: 'district' },
  '500109': { name: '北碚区', kind: 'district' },
  '500110': { name: '綦江区', kind: 'district' },
  '500111': { name: '大足区', kind: 'district' },
  '500112': { name: '渝北区', kind: 'district' },
  '500113': { name: '巴南区', kind: 'district' },
  '500114': { name: '黔江区', kind: 'district' },
  '500115': { name: '长寿区', kind: 'district' },
  '500116': { name: '江津区', kind: 'district' },
  '500117': { name: '合川区', kind: 'district' },
  '500118': { name: '永川区', kind: 'district' },
  '500119': { name: '南川区', kind: 'district' },
  '500120': { name: '璧山区', kind: 'district' },
  '500151': { name: '铜梁区', kind: 'district' },
  '500152': { name: '潼南区', kind: 'district' },
  '500153': { name: '荣昌区', kind: 'district' },
  '500154': { name: '开州区', kind: 'district' },
  '500155': { name: '梁平区', kind: 'district' },
  '500156': { name: '武隆区', kind: 'district' },
  '500228': { name: '梁平县', kind: 'county', successor: '500155' },
  '500229': { name: '城口县', kind: 'county' },
  '500230': { name: '丰都县', kind: 'county' },
  '500231': { name: '垫江县', kind: 'county' },
  '500232': { name: '武隆县', kind: 'county', successor: '500156' },
  '500233': { name: '忠县', kind: 'county' },
  '500234': { name: '开县', kind: 'county', successor: '500154' },
  '500235': { name: '云阳县', kind: 'county' },
  '500236': { name: '奉节县', kind: 'county' },
  '500237': { name: '巫山县', kind: 'county' },
  '500238': { name: '巫溪县', kind: 'county' },
  '500240': { name: '石柱土家族自治县', kind: 'county' },
  '500241': { name: '秀山土家族苗族自治县', kind: 'county' },
  '500242': { name: '酉阳土家族苗族自治县', kind: 'county' },
  '500243': { name: '彭水苗族土家族自治县', kind: 'county' },
};
