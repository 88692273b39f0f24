/**
 * `zeekseq train` as one call: read the training logs, fit a Detector on them and save it in a model directory.
 * Read problems go to the event stream and are kept in the model directory's `problems` part.
 */
import { ZeekseqError } from '../util/errors.js';
import { EventStream } from '../util/events.js';
import { readZeekDir } from '../zeek/read-dir.js';
import { Detector } from './detector.js';
import type { DetectorParamsInput } from './detector-params.js';
import { checkOutputPlace } from '../util/output-place.js';

export interface TrainSettings {
  /** Folder(s) of Zeek logs of normal traffic, read as one dataset. */
  data: string | readonly string[];
  /** The model directory to write. */
  model: string;
  params: DetectorParamsInput;
  events?: EventStream;
}

export async function trainModel(settings: TrainSettings): Promise<Detector> {
  const events = settings.events ?? new EventStream();
  const data = typeof settings.data === 'string' ? [settings.data] : [...settings.data];
  if (data.length === 0) throw new ZeekseqError('train: give at least one folder of Zeek logs (--data DIR).');
  // before any work: a whole training must not be lost to an output path that cannot be written
  await checkOutputPlace(settings.model, data, 'model');
  const detector = new Detector(settings.params, events);
  const raw = await readZeekDir(data, { require: ['conn'], events });
  events.info(`read ${raw.origin}`);
  const started = performance.now();
  await detector.fit(raw);
  await detector.save(settings.model);
  events.info(
    `saved the model directory ${settings.model}; fitting took ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return detector;
}
