import { useLocation, useNavigate } from "@remix-run/react";
import { Tabs } from "@shopify/polaris";

/** Tabs that are links: each tab is a page of the section, and the URL says which one is open. */
export function SectionTabs({ tabs }: { tabs: { id: string; content: string; url: string }[] }) {
  const location = useLocation();
  const navigate = useNavigate();
  const selected = Math.max(
    0,
    tabs.findIndex((tab) => tab.url === location.pathname),
  );
  return (
    <Tabs tabs={tabs.map(({ id, content }) => ({ id, content }))} selected={selected} onSelect={(index) => navigate(tabs[index].url)} />
  );
}

export const CARRIER_TABS = [
  { id: "catalogue", content: "Catalogue", url: "/app/carriers" },
  { id: "settings", content: "Recommendation settings", url: "/app/carriers/settings" },
  { id: "lanes", content: "Lanes", url: "/app/carriers/lanes" },
];

export const RETURN_TABS = [
  { id: "queue", content: "Queue", url: "/app/returns" },
  { id: "policy", content: "Return policy", url: "/app/returns/settings" },
];
