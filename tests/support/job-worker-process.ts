// A job worker in a process of its own, for the test that kills one in the middle of a job. It
// works the app's queue (configured by the environment, like `npm run worker`) until killed.
import { jobQueue } from "../../app/jobs/runtime.server";

jobQueue();
console.log("worker ready");
