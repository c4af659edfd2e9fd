// Bundle entry: the app with the official client, importing only the modules it needs (the
// smallest the official client can be made without patching it).
import { createConfiguration } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration.js";
import { BaseServerConfiguration } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/servers.js";
import { OktaIntegrationApi } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/OktaIntegrationApi.js";
import { runApp } from "./app.mjs";

export const run = (options) => runApp({ createConfiguration, BaseServerConfiguration, OktaIntegrationApi }, options);
