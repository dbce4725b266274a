// The demo's organisations and people (演示账号). No secrets here: `npm start` generates the one
// demo password, passes it as IPLEDGER_DEMO_PASSWORD and prints it; every demo user and client
// gets it, hashed, when missing.
import type { Role } from '@ipledger/contracts';

export interface DemoOrganisation {
  id: string;
  role: Exclude<Role, 'system'>;
  name: string;
  users: { username: string; displayName: string }[];
  clients: { clientId: string; name: string }[];
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    id: 'bank-cq-rural',
    role: 'bank',
    name: '重庆示例农村商业银行',
    users: [{ username: 'li.wei', displayName: '李伟 (客户经理)' }],
    clients: [{ clientId: 'bank-cq-rural-core', name: 'core banking system' }],
  },
  {
    id: 'bank-cq-city',
    role: 'bank',
    name: '重庆示例城市银行',
    users: [{ username: 'zhao.min', displayName: '赵敏 (客户经理)' }],
    clients: [{ clientId: 'bank-cq-city-core', name: 'core banking system' }],
  },
  {
    id: 'appraiser-cq-huaxin',
    role: 'appraiser',
    name: '重庆华信资产评估',
    users: [{ username: 'chen.jing', displayName: '陈静 (评估师)' }],
    clients: [],
  },
  {
    id: 'guarantor-cq-xinda',
    role: 'guarantor',
    name: '重庆信达融资担保',
    users: [{ username: 'sun.li', displayName: '孙丽 (风控)' }],
    clients: [],
  },
  {
    id: 'insurer-cq-picc',
    role: 'insurer',
    name: '重庆示例财产保险',
    users: [{ username: 'zhou.hui', displayName: '周慧 (理赔)' }],
    clients: [],
  },
  {
    id: 'bureau-cq',
    role: 'bureau',
    name: '重庆市知识产权局',
    users: [
      { username: 'wang.fang', displayName: '王芳 (审核 reviewer)' },
      { username: 'liu.yang', displayName: '刘洋 (审批 approver)' },
    ],
    clients: [],
  },
  {
    id: 'stats-cq',
    role: 'statistician',
    name: '重庆市知识产权局统计处',
    users: [{ username: 'he.xin', displayName: '何欣 (统计)' }],
    clients: [],
  },
];
