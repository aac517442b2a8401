import { storeConformance } from './conformance';
import { MemoryStore } from './memory-store';

storeConformance('in-memory', { open: () => new MemoryStore() });
