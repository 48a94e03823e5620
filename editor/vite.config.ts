import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In production the API serves the built editor on its own port; under `vite dev`/`preview` these forward to it.
const api = "http://localhost:4000";
const proxy = {
  "/graphql": { target: api, ws: true, changeOrigin: true },
  "/healthz": { target: api, changeOrigin: true },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  // Relative to the root, i.e. editor/ (npm runs the workspace scripts there; build-if-needed passes it).
  build: { outDir: "dist", emptyOutDir: true },
});
