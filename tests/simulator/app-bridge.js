// The store simulator's stand-in for Shopify App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js),
// served at <simulator>/shopifycloud/app-bridge.js. It does what an embedded Orderflow page
// needs from App Bridge when the app runs top-level against the simulator: `window.shopify`
// with session tokens, the session token on same-origin fetches, the library's bounce page,
// toasts, and visible renderings of <ui-nav-menu> and <ui-title-bar>.
(function () {
  "use strict";

  const script = document.currentScript;
  const simulatorOrigin = new URL(script.src).origin;
  const params = new URLSearchParams(window.location.search);
  const remember = (key, value) => {
    if (value) window.sessionStorage.setItem(`shopify-sim:${key}`, value);
    return value || window.sessionStorage.getItem(`shopify-sim:${key}`) || "";
  };
  const reloadParam = params.get("shopify-reload");
  const reloadUrl = reloadParam ? new URL(reloadParam, window.location.href) : null;
  const shop = remember("shop", params.get("shop") || (reloadUrl && reloadUrl.searchParams.get("shop")));
  const host = remember("host", params.get("host") || (reloadUrl && reloadUrl.searchParams.get("host")));

  const originalFetch = window.fetch.bind(window);

  async function idToken() {
    if (!shop) throw new Error("Store simulator App Bridge: no shop known for this page (open the app from the simulator)");
    const response = await originalFetch(`${simulatorOrigin}/_sim/session-token?shop=${encodeURIComponent(shop)}`);
    if (!response.ok) throw new Error(`Store simulator App Bridge: session token request failed (${response.status})`);
    return (await response.json()).idToken;
  }

  function requestUrl(input) {
    if (typeof input === "string") return new URL(input, window.location.href);
    if (input instanceof URL) return input;
    return new URL(input.url, window.location.href);
  }

  // App Bridge adds the session token to the app's own requests and retries once when the
  // app answers 401 with X-Shopify-Retry-Invalid-Session-Request.
  window.fetch = async function fetchWithSessionToken(input, init) {
    if (requestUrl(input).origin !== window.location.origin || !shop) return originalFetch(input, init);
    const send = async () => {
      const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
      if (!headers.has("Authorization")) headers.set("Authorization", `Bearer ${await idToken()}`);
      return originalFetch(input, { ...init, headers });
    };
    const response = await send();
    if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") return send();
    return response;
  };

  // Styles go in an adopted stylesheet and the banner is a pseudo-element: React hydrates the
  // whole document, and nodes or attributes added before hydration would not match its HTML.
  const cssString = (value) => `"${String(value).replace(/["\\]/g, "\\$&")}"`;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    html::before { content: ${cssString(`Store simulator — ${shop || "no shop"}`)}; position: fixed; top: 0; left: 0; right: 0;
      height: 26px; z-index: 2147483000; display: flex; align-items: center; padding: 0 12px; box-sizing: border-box;
      font: 600 12px/1 system-ui, sans-serif; color: #fff; background: #1a1a1a; }
    body { padding-top: 26px !important; }
    body:has(ui-nav-menu) { padding-top: 70px !important; }
    .shopify-sim-loading { position: fixed; top: 26px; left: 0; height: 3px; width: 100%; z-index: 2147483001;
      background: linear-gradient(90deg, transparent, #36a3ff, transparent); background-size: 40% 100%;
      background-repeat: no-repeat; animation: shopify-sim-loading 1s linear infinite; }
    @keyframes shopify-sim-loading { from { background-position: -40% 0; } to { background-position: 140% 0; } }
    .shopify-sim-toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); z-index: 2147483002;
      display: flex; flex-direction: column; gap: 8px; align-items: center; }
    .shopify-sim-toast { padding: 10px 16px; border-radius: 8px; font: 500 14px/1.3 system-ui, sans-serif;
      color: #fff; background: #303030; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
    .shopify-sim-toast[data-error="true"] { background: #8e1f0b; }
  `);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

  let toastRoot = null;
  let toastCount = 0;
  let loadingBar = null;

  // Toasts and the loading bar are only created when the app asks, after hydration.
  function whenBody(action) {
    if (document.body) action();
    else document.addEventListener("DOMContentLoaded", action, { once: true });
  }

  const toast = {
    show(message, options) {
      const id = `shopify-sim-toast-${++toastCount}`;
      whenBody(() => {
        if (!toastRoot) {
          toastRoot = document.createElement("div");
          toastRoot.className = "shopify-sim-toasts";
          toastRoot.setAttribute("aria-live", "polite");
          document.body.appendChild(toastRoot);
        }
        const element = document.createElement("div");
        element.id = id;
        element.className = "shopify-sim-toast";
        element.setAttribute("role", "status");
        element.dataset.error = String(Boolean(options && options.isError));
        element.textContent = message;
        toastRoot.appendChild(element);
        window.setTimeout(() => element.remove(), (options && options.duration) || 5000);
      });
      return id;
    },
    hide(id) {
      const element = document.getElementById(id);
      if (element) element.remove();
    },
  };

  function loading(isLoading) {
    const on = isLoading === undefined ? true : Boolean(isLoading);
    whenBody(() => {
      if (on && !loadingBar) {
        loadingBar = document.createElement("div");
        loadingBar.className = "shopify-sim-loading";
        document.body.appendChild(loadingBar);
      } else if (!on && loadingBar) {
        loadingBar.remove();
        loadingBar = null;
      }
    });
  }

  window.shopify = {
    config: { apiKey: script.getAttribute("data-api-key") || "", shop, host, locale: params.get("locale") || "en" },
    idToken,
    toast,
    loading,
  };

  // The library's bounce page: fetch a token and go back to the page that needed one.
  if (reloadUrl && reloadUrl.origin === window.location.origin) {
    idToken().then((token) => {
      reloadUrl.searchParams.set("id_token", token);
      window.location.replace(reloadUrl.toString());
    });
  }

  class NavMenu extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: "open" }).innerHTML = `
          <style>
            :host { position: fixed; top: 26px; left: 0; right: 0; height: 44px; z-index: 2147482999;
              display: flex; align-items: center; padding: 0 12px; box-sizing: border-box;
              background: #f1f1f1; border-bottom: 1px solid #d4d4d4; font: 500 14px/1 system-ui, sans-serif; }
            nav { display: flex; gap: 4px; }
            ::slotted(a) { padding: 8px 12px; border-radius: 8px; color: #303030; text-decoration: none; }
            ::slotted(a:hover) { background: #e3e3e3; }
            ::slotted(a[rel="home"]) { font-weight: 650; }
          </style>
          <nav aria-label="App navigation"><slot></slot></nav>`;
        // In the admin these links live in Shopify's sidebar and navigate through this event,
        // which @shopify/shopify-app-remix's AppProvider turns into a client-side navigation.
        this.addEventListener(
          "click",
          (event) => {
            const anchor = event.target instanceof Element ? event.target.closest("a") : null;
            if (!anchor || !this.contains(anchor)) return;
            event.preventDefault();
            event.stopPropagation();
            anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
          },
          { capture: true },
        );
      }
    }
  }

  class TitleBar extends HTMLElement {
    static get observedAttributes() {
      return ["title"];
    }

    connectedCallback() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: "open" }).innerHTML = `
          <style>
            :host { display: flex; align-items: center; gap: 8px; padding: 12px 16px; }
            h1 { margin: 0; flex: 1; font: 650 20px/1.2 system-ui, sans-serif; color: #303030; }
          </style>
          <h1></h1><slot></slot>`;
      }
      this.render();
    }

    attributeChangedCallback() {
      this.render();
    }

    render() {
      const heading = this.shadowRoot && this.shadowRoot.querySelector("h1");
      if (heading) heading.textContent = this.getAttribute("title") || "";
    }
  }

  if (!window.customElements.get("ui-nav-menu")) window.customElements.define("ui-nav-menu", NavMenu);
  if (!window.customElements.get("ui-title-bar")) window.customElements.define("ui-title-bar", TitleBar);
})();
