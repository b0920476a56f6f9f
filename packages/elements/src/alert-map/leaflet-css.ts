// Turned into `export default "<css text>"` by the build (rollup) and the test server (WTR).
import css from "leaflet/dist/leaflet.css";

export default css;
