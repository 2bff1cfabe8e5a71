// A thin client for the store simulator's control API (/_sim/…), for tests and benchmarks.
export function simControl(simulatorUrl: string) {
  async function call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, simulatorUrl), {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  return {
    call,
    get: <T = any>(path: string) => call<T>("GET", path),
    post: <T = any>(path: string, body?: unknown) => call<T>("POST", path, body ?? {}),
    put: <T = any>(path: string, body?: unknown) => call<T>("PUT", path, body ?? {}),
    flush: () => call("POST", "/_sim/webhooks/flush", {}),
  };
}
