import type { TrainSettings } from '../training/settings.js';
import type { DatasetName } from './datasets.js';

/** What every recipe has, whatever its model family: a name, a description, its data set and its default settings. */
export interface RecipeBase {
  name: string;
  description: string;
  dataset: DatasetName;
  defaults: Partial<Omit<TrainSettings, 'recipe' | 'model'>>;
}
