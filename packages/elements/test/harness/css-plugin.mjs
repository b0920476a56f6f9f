// Serves `import css from "x.css"` as a module exporting the stylesheet's text, as the rollup
// build does (Leaflet's CSS is adopted into the map's shadow root).
export function cssAsTextPlugin() {
  const fromJs = (context) => context.path.endsWith(".css") && context.request.headers["sec-fetch-dest"] === "script";
  return {
    name: "css-as-text",
    resolveMimeType(context) {
      if (fromJs(context)) return "js";
    },
    transform(context) {
      if (fromJs(context)) return { body: `export default ${JSON.stringify(context.body)};` };
    },
  };
}
