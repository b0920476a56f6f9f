export declare const PAYLOADS: string[];
export declare function scanForInjected(): { found: string[]; pwned: number };
