import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Re-runs the page's loaders every few seconds while the tab is visible: webhooks change data. */
export function useLiveRevalidation(intervalMs = 5000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, revalidate, state]);
}
