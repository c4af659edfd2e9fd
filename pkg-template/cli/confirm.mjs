// Confirmation before a change: on a terminal, a typed "yes"; --yes (or --auto-approve) skips
// the question; with no terminal to ask and no --yes, the command refuses before doing anything,
// so that a script is never surprised.
import { createInterface } from "node:readline";
import { UsageError } from "./errors.mjs";
import { lineEnded, notice } from "./output.mjs";

/** Refuses now (exit 1) when `command` would have to ask and stdin is not a terminal. */
export function checkConfirmable(command, opts) {
  if (opts.yes === true || process.stdin.isTTY) return;
  throw new UsageError(`${command} asks for a typed yes before it changes anything, and stdin is not a terminal: give --yes (or --auto-approve) to ${command} without asking`, command);
}

/** Asks `question` on the terminal; resolves to true only for a typed "yes" (and at once with --yes). */
export async function confirmed(question, opts) {
  if (opts.yes === true) return true;
  // The question on a line of its own: readline redraws only the last line of a prompt.
  notice(question);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise((resolve) => {
      rl.on("close", () => resolve(""));
      rl.on("SIGINT", () => rl.close()); // Ctrl-C at the question: not a yes
      rl.question("  Only 'yes' will be accepted: ", resolve);
    });
    return answer.trim() === "yes";
  } finally {
    rl.close();
    lineEnded();
  }
}
