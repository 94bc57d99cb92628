/** What each line of a chart is, in text: the chart itself is hidden from assistive technology. */
export function ChartLegend({ items, label }: { items: readonly { key: string; label: string }[]; label: string }) {
  return (
    <ul className="analytics-legend" aria-label={label}>
      {items.map((item, index) => (
        <li key={item.key}>
          <span className={`analytics-swatch analytics-swatch--${index % 6}`} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
