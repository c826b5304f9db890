// Finds the endpoint of a request by method and path template.
import type { SimulatorRoute } from './routes';

export type RouteMatch =
  | { kind: 'found'; route: SimulatorRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; template: string }
  | { kind: 'none' };

interface CompiledRoute {
  route: SimulatorRoute;
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: SimulatorRoute): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.template
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const param = /^\{([a-z_]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      paramNames.push(param[1]);
      return '([^/]+)';
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), paramNames };
}

export function createRouter(routes: readonly SimulatorRoute[]): (method: string, path: string) => RouteMatch {
  const compiled = routes.map(compile);
  return (method, path) => {
    let template: string | undefined;
    for (const { route, pattern, paramNames } of compiled) {
      const match = pattern.exec(path);
      if (!match) continue;
      if (route.method !== method) {
        template = route.template;
        continue;
      }
      const params = Object.fromEntries(paramNames.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
      return { kind: 'found', route, params };
    }
    return template === undefined ? { kind: 'none' } : { kind: 'wrong-method', template };
  };
}
