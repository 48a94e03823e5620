import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./styles/theme.css";
import "./styles/app.css";
import "./styles/controls.css";
import "./styles/forms.css";
import "./styles/editor.css";
import "./styles/run.css";
import "./styles/pages.css";
import "./styles/ml-quality.css";

const root = document.getElementById("root");
if (root === null) throw new Error('index.html has no <div id="root">');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
