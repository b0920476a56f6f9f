/**
 * A marker's tooltip as DOM, never as a string: Leaflet writes string content with `innerHTML`,
 * so a category like `<img onerror=...>` would run on the dispatcher's screen. The text node is
 * returned too, so a changed label is updated in place.
 */
export function tooltipContent(text: string): { node: HTMLElement; label: Text } {
  const node = document.createElement("span");
  node.className = "tooltip-text";
  const label = document.createTextNode(text);
  node.append(label);
  return { node, label };
}
