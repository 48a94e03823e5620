/** Colours and axis styles for charts, matching the theme's custom properties (Recharts needs literal values). */
export const CHART = {
  grid: "#30363d",
  axis: "#9da7b3",
  succeeded: "#56d364",
  failed: "#ff7b72",
  cancelled: "#e3b341",
  duration: "#58a6ff",
  accuracy: "#ff80c8",
  tooltipBackground: "#1c232d",
} as const;

export const axisProps = { stroke: CHART.axis, fontSize: 12, tickLine: false } as const;
export const tooltipStyle = {
  contentStyle: { background: CHART.tooltipBackground, border: `1px solid ${CHART.grid}`, borderRadius: 6 },
  labelStyle: { color: "#e6edf3" },
} as const;
