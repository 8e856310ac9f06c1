import { Box, Group, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { AgentWorkload } from '@shared/schemas/supervisor';
import { talkMinutes } from './supervisor-format';

/** Width per agent's bar group; charts scroll sideways past the box rather than squeeze names. */
const BAR_SLOT = 64;
const CHART_HEIGHT = 240;

/** An axis label: names past 12 characters end in an ellipsis (the tooltip and the table show them whole). */
export function shortName(name: string): string {
  const chars = [...name];
  return chars.length > 12 ? `${chars.slice(0, 11).join('')}…` : name;
}

interface ChartProps {
  title: string;
  data: Array<{ name: string; value: number }>;
  colour: string;
  testId: string;
}

/** One bar chart; its figures are also in the table under it (the chart is a picture of that table). */
function AgentBarChart({ title, data, colour, testId }: ChartProps) {
  const width = Math.max(280, data.length * BAR_SLOT + 90);
  return (
    <Box component="figure" m={0} data-testid={testId} aria-label={title} style={{ overflowX: 'auto' }}>
      <Text component="figcaption" size="xs" fw={600}>
        {title}
      </Text>
      <BarChart width={width} height={CHART_HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 30 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {/* Every name, slanted so neighbours never overlap (long Chinese names too); shortened past 12 characters, the table has them whole. */}
        <XAxis dataKey="name" interval={0} angle={-35} textAnchor="end" height={64} tick={{ fontSize: 11 }} tickFormatter={shortName} />
        <YAxis allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Bar dataKey="value" name={title} fill={colour} isAnimationActive={false} />
      </BarChart>
    </Box>
  );
}

/** Calls answered and talk time per agent, as two bar charts side by side (wrapping on narrow windows). */
export function WorkloadCharts({ agents }: { agents: AgentWorkload[] }) {
  const { t } = useTranslation();
  return (
    <Group align="start" gap="md" wrap="wrap">
      <AgentBarChart testId="workload-calls-chart" title={t('supervisor.workload.callsChart')} colour="#1976d2" data={agents.map((a) => ({ name: a.displayName, value: a.calls }))} />
      <AgentBarChart testId="workload-talk-chart" title={t('supervisor.workload.talkChart')} colour="#2e7d32" data={agents.map((a) => ({ name: a.displayName, value: talkMinutes(a.talkMs) }))} />
    </Group>
  );
}
