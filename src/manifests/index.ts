// Public API of the manifests module: the catalog of what each phase applies, rendering with
// per-cluster variables, loading parsed documents, pinned versions and values checks.
export { manifestsDir, manifestPath } from './paths.js';
export { MANIFEST_VARIABLES, MANIFEST_VARIABLE_SCHEMAS, isManifestVariable, varsForCluster, type ManifestVariable, type ManifestVars } from './vars.js';
export { ManifestRenderError, findPlaceholders, requiredVariables, renderText, renderManifest, type PlaceholderUse } from './render.js';
export { parseDocuments, loadDocuments, loadKubeObjects, loadHelmValues, isKubeObject, isRecord, type KubeObject } from './load.js';
export {
  HELM_VALUES_FILES,
  KUBE_MANIFEST_FILES,
  INSTALL_STEPS,
  stepsFor,
  stepFile,
  type HelmValuesFile,
  type KubeManifestFile,
  type ManifestFile,
  type ManifestPhase,
  type HelmStep,
  type KubectlStep,
  type InstallStep,
} from './catalog.js';
export { CHART_KEYS, IMAGE_KEYS, isPinnedVersion, isPinnedImage, loadVersions, versionsSchema, type ChartKey, type ImageKey, type Versions, type ChartPin } from './versions.js';
export { HELM_VALUES_SCHEMAS, helmValuesProblems } from './helm-values.js';
