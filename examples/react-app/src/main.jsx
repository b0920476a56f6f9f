import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.jsx";

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App convexUrl={import.meta.env.VITE_CONVEX_URL ?? "http://127.0.0.1:3210"} site="demo" />
  </StrictMode>,
);
