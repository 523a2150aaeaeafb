export interface RaceStats {
  races: number;
  racers: number;
  mode: string;
  multipleWinners: number;
  lostClaims: number;
  lostCompletions: number;
  unclaimed: number;
  spoiled: number;
  doubleClaimsInLog: number;
}

export function runRaces(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  racers: number;
  rounds: number;
  mode?: 'plain' | 'kill' | 'stop' | 'dead-holder';
  staleMs?: number;
  prefix?: string;
}): Promise<RaceStats>;
