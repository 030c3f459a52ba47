/**
 * On a phone, a bar fixed at the bottom of the screen with links to the page's key sections (the
 * decision, the threads), so they are one tap away however long the page is. Hidden on wider
 * screens, where the sections sit side by side.
 */
export function JumpBar(props: { label: string; links: { href: string; text: string }[] }) {
  return (
    <nav className="jump-bar" aria-label={props.label}>
      {props.links.map((link) => (
        <a key={link.href} href={link.href}>
          {link.text}
        </a>
      ))}
    </nav>
  );
}
