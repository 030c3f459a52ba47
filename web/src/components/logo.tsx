/** An SVG logo, drawn as an image so its markup can never run in the page. */
export function Logo(props: { svg: string | null | undefined; size?: number; alt?: string }) {
  const size = props.size ?? 48;
  if (!props.svg) return <div className="logo placeholder" style={{ width: size, height: size }} aria-hidden="true" />;
  return (
    <img
      className="logo"
      width={size}
      height={size}
      alt={props.alt ?? ''}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.svg)}`}
    />
  );
}
