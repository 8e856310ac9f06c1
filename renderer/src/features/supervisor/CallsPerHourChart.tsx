import { Box, Text, VisuallyHidden } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';

const pad = (n: number) => String(n).padStart(2, '0');
const BAR_SLOT = 22;
const CHART_HEIGHT = 160;

/**
 * Today's calls per Asia/Shanghai hour as a small bar chart (24 bars, hours on the axis as
 * 00–23, the hour range and count in the tooltip), with a one-line summary for screen readers.
 */
export function CallsPerHourChart({ callsPerHour }: { callsPerHour: number[] }) {
  const { t } = useTranslation();
  const data = callsPerHour.map((calls, hour) => ({ hour: pad(hour), range: t('supervisor.queue.hourRange', { from: `${pad(hour)}:00`, to: `${pad(hour + 1)}:00` }), calls }));
  const total = callsPerHour.reduce((a, b) => a + b, 0);
  const peak = data.reduce((best, d) => (d.calls > best.calls ? d : best), data[0] ?? { hour: '00', range: '', calls: 0 });
  const title = t('supervisor.queue.chart');
  return (
    <Box component="figure" m={0} data-testid="queue-hour-chart" aria-label={title} style={{ overflowX: 'auto' }}>
      <Text component="figcaption" size="xs" fw={600}>
        {title}
        <VisuallyHidden>{t('supervisor.queue.chartSummary', { count: total, peak: peak.calls > 0 ? peak.range : t('supervisor.queue.none') })}</VisuallyHidden>
      </Text>
      <BarChart width={data.length * BAR_SLOT + 60} height={CHART_HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="hour" interval={1} tick={{ fontSize: 10 }} label={{ value: t('supervisor.queue.hourAxis'), position: 'insideBottomRight', offset: -12, fontSize: 10 }} />
        <YAxis allowDecimals={false} width={36} tick={{ fontSize: 10 }} />
        <Tooltip labelFormatter={(_label, payload) => (payload?.[0]?.payload as { range?: string } | undefined)?.range ?? ''} />
        <Bar dataKey="calls" name={t('supervisor.queue.chartCalls')} fill="#1976d2" isAnimationActive={false} />
      </BarChart>
    </Box>
  );
}
