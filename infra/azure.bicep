// Azure resources for the Mentor bot, provisioned by `arm/deploy` in m365agents.yml:
//   - a user-assigned managed identity: the bot's identity (its client id is the BOT_ID in the Teams manifest)
//   - a Linux App Service (Node 22 LTS) that runs the bot, with that identity attached
//   - a Storage Account whose Table service holds the mentorships
//   - an Azure Bot (UserAssignedMSI) with the Teams channel, in ./botRegistration/azurebot.bicep
//   - Application Insights (workspace-based) for the app's telemetry
//   - the App Service settings, including the tab's SSO settings (the tab's Entra app itself is made by
//     aadApp/create and aadApp/update in m365agents.yml, from ../aad.manifest.json)
// Placeholders in azure.parameters.json are filled from env/.env.{env}; the outputs at the end are
// written back to env/.env.{env} (https://aka.ms/teamsfx-actions/arm-deploy).

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file (letters and digits).')
param resourceBaseName string

@description('App Service plan SKU. B1 or higher: the bot needs Always On, which Free/Shared plans lack.')
param webAppSKU string = 'B1'

@maxLength(42)
@description('Name of the bot as shown in the Azure Bot resource.')
param botDisplayName string

@description('Comma-separated Microsoft Entra tenant ids allowed to use the bot; empty means the bot\'s own tenant, the normal case for a single-tenant (managed-identity) bot. Not in azure.parameters.json on purpose: the toolkit does not expand a placeholder whose env value is empty, and arm/deploy then stops.')
param allowedTenantIds string = ''

@minLength(36)
@maxLength(36)
@description('Client id of the tab\'s Entra app (TAB_CLIENT_ID), written by aadApp/create before arm/deploy runs, so the placeholder always has a value. The tab API (src/tabApi) accepts only Teams SSO tokens issued for this app; without it the API is off.')
param tabClientId string

@description('Object id of an Entra security group whose members are coordinators in the tab (TAB_COORDINATOR_GROUP_ID), besides users given the app role "Coordinator". Empty = the app role only. Not in azure.parameters.json on purpose (like allowedTenantIds): add it there once TAB_COORDINATOR_GROUP_ID has a value, and set TAB_GROUP_MEMBERSHIP_CLAIMS=SecurityGroup so tokens carry the groups claim.')
param tabCoordinatorGroupId string = ''

@description('Name of the Azure table the app stores mentorships in (TABLE_NAME).')
param tableName string = 'mentorships'

@description('Also give the managed identity "Storage Table Data Contributor" on the account, for when the app moves from the connection string to managed-identity access. Needs Owner or User Access Administrator on the resource group.')
param grantIdentityTableAccess bool = false

@secure()
@minLength(32)
@description('Signs the links of the .ics feed (SECRET_LINK_SIGNING_KEY). Filled by the toolkit from SECRET_LINK_SIGNING_KEY in env/.env.{env}.user, which is not committed (generate it once: openssl rand -hex 32). The same key on every instance and across restarts keeps links working; changing it ends every link (the booking card gives new ones). At least 32 characters, so an unfilled placeholder (28) is refused here rather than becoming a known key.')
param linkSigningKey string

@description('The app\'s id in the tenant\'s Teams app catalog (TEAMS_APP_CATALOG_ID), which the app needs to add itself to the pair chats it creates through Graph. It exists once the app is published to the organisation (atk publish writes TEAMS_APP_PUBLISHED_APP_ID): then add a teamsAppCatalogId entry to azure.parameters.json whose value is the placeholder of TEAMS_APP_PUBLISHED_APP_ID, and provision again. Until then Graph books the meetings and finds people, and each pair makes its own group chat and adds the app (the bot explains how).')
param teamsAppCatalogId string = ''

param location string = resourceGroup().location

// App Service, Storage and Bot names must be globally unique; a stable per-resource-group suffix keeps them so.
var uniqueSuffix = take(uniqueString(subscription().id, resourceGroup().id, resourceBaseName), 6)
var baseName = toLower('${resourceBaseName}-${uniqueSuffix}')
var storageAccountName = take(toLower('st${replace(resourceBaseName, '-', '')}${uniqueSuffix}'), 24)
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: baseName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app connects with a connection string (account key) today, so shared-key access stays on.
    allowSharedKeyAccess: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-01-01' = {
  parent: tableService
  name: tableName
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantIdentityTableAccess) {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Compute for the web app: a Linux plan ("reserved" is what makes it Linux).
// Telemetry (issue 14): a workspace-based Application Insights in the same region; the app sends
// traces and metrics there through the Azure Monitor OpenTelemetry distro (src/telemetry.ts), with no
// personal text in any span. 30 days' retention: operations, not an archive.
resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: baseName
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: baseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Client IP addresses are not stored (masking is the default; kept explicit for the DPO).
    DisableIpMasking: false
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

// The web app that hosts the bot. `azureAppService/zipDeploy` uploads the built project
// (node_modules included, see .webappignore), which runs straight from the package.
resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: baseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --max-old-space-size=384 lib/src/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // App Service's health check (issue 14): /readyz answers 200 only while Table Storage answers
      // within a second; an instance failing it is taken out of the load balancer.
      healthCheckPath: '/readyz'
      // The app settings are in webAppSettings below: TAB_APP_ID_URI needs this site's own host name,
      // which a site cannot reference in its own properties.
    }
  }
}

// The app's environment (src/config.ts reads it once at start). A separate config resource, as the
// toolkit's own SSO templates do (Microsoft.Web/sites/config "appsettings" with
// 'api://${domain}/${clientId}', e.g. OfficeDev/teams-toolkit
// packages/fx-core/templates/plugins/resource/botv2/bicep/webapp/webappConfiguration.*.bicep), because
// it can use webApp.properties.defaultHostName. It replaces the whole set of settings on every deployment.
resource webAppSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    WEBSITE_RUN_FROM_PACKAGE: '1' // run from the uploaded zip; the package is built before deployment
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    // App Service routes to this port; the app listens on BOT_PORT (it does not read PORT).
    WEBSITES_PORT: '8080'
    BOT_HOST: '0.0.0.0'
    BOT_PORT: '8080'
    BOT_ID: identity.properties.clientId
    BOT_TYPE: 'UserAssignedMsi'
    BOT_TENANT_ID: identity.properties.tenantId
    ALLOWED_TENANT_IDS: empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds
    // Account-key connection string, because @azure/data-tables with a connection string is what the
    // app supports today. Move it to a Key Vault reference, or switch the app to the managed identity
    // (grantIdentityTableAccess), when that lands.
    STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    TABLE_NAME: table.name
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    // The tab's Teams SSO (src/config.ts, entra mode): tokens must be issued for this app. v2 tokens
    // (aad.manifest.json sets accessTokenAcceptedVersion 2) carry the client id as `aud`; the
    // Application ID URI is accepted too (v1-style `aud`). It is the same string as aad.manifest.json's
    // identifierUris and the Teams manifest's webApplicationInfo.resource: api://BOT_DOMAIN/TAB_CLIENT_ID
    // (BOT_DOMAIN is this host name, see the output below).
    TAB_CLIENT_ID: tabClientId
    TAB_APP_ID_URI: 'api://${webApp.properties.defaultHostName}/${tabClientId}'
    TAB_COORDINATOR_GROUP_ID: tabCoordinatorGroupId
    // Microsoft Graph as the bot's own managed identity (application permissions granted to it by an
    // admin, see README): meetings are booked in Outlook, not in the local calendar.
    GRAPH_USE_MANAGED_IDENTITY: 'true'
    GRAPH_CLIENT_ID: identity.properties.clientId
    GRAPH_TENANT_ID: identity.properties.tenantId
    TEAMS_APP_CATALOG_ID: teamsAppCatalogId
    // The address people open (links in cards); without it links would name the listening address 0.0.0.0.
    PUBLIC_BASE_URL: 'https://${webApp.properties.defaultHostName}'
    SECRET_LINK_SIGNING_KEY: linkSigningKey
  }
}

// Register the web app as a bot with the Bot Framework, with the Teams channel on.
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    botServiceName: baseName
    botDisplayName: botDisplayName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// Written back to env/.env.{env}; the manifest and m365agents.yml read them.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
