export interface WorkspacePackage {
  name: string;
  folder: string;
}
export function workspacePackages(root: string): Map<string, string>;
export function buildClosure(root: string, name: string): WorkspacePackage[];
export function stalePackages(root: string, name: string): WorkspacePackage[];
export function markBuilt(packages: readonly WorkspacePackage[]): void;
