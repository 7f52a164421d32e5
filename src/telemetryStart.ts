// Imported first by src/main.ts: the telemetry distro must patch Node's http before restify, botbuilder
// and the Azure SDK load it. Without APPLICATIONINSIGHTS_CONNECTION_STRING this does nothing.
import { startTelemetry } from "./telemetry";

startTelemetry();
