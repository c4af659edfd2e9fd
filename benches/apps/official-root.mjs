// Bundle entry: the app with the official client, imported from its package root.
import { client, v2 } from "@datadog/datadog-api-client";
import { runApp } from "./app.mjs";

export const run = (options) =>
  runApp({ createConfiguration: client.createConfiguration, BaseServerConfiguration: client.BaseServerConfiguration, OktaIntegrationApi: v2.OktaIntegrationApi }, options);
