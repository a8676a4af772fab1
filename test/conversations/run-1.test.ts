// One shard of the conversation suite (runner.ts, runConversations): shards run in parallel workers.
import { runConversations } from "./runner.js";

runConversations(0, 4);
