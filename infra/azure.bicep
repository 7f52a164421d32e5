// Azure resources for the Mentor bot, provisioned by `arm/deploy` in m365agents.yml:
//   - a user-assigned managed identity: the bot's identity (its client id is the BOT_ID in the Teams manifest)
//   - a Linux App Service (Node 22 LTS) that runs the bot, with that identity attached
//   - a Storage Account whose Table service holds the mentorships
//   - an Azure Bot (UserAssignedMSI) with the Teams channel, in ./botRegistration/azurebot.bicep
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

@description('Name of the Azure table the app stores mentorships in (TABLE_NAME).')
param tableName string = 'mentorships'

@description('Also give the managed identity "Storage Table Data Contributor" on the account, for when the app moves from the connection string to managed-identity access. Needs Owner or User Access Administrator on the resource group.')
param grantIdentityTableAccess bool = false

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
      appCommandLine: 'node lib/src/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1' // run from the uploaded zip; the package is built before deployment
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          // App Service routes to this port; the app listens on BOT_PORT (it does not read PORT).
          name: 'WEBSITES_PORT'
          value: '8080'
        }
        {
          name: 'BOT_HOST'
          value: '0.0.0.0'
        }
        {
          name: 'BOT_PORT'
          value: '8080'
        }
        {
          name: 'BOT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'BOT_TYPE'
          value: 'UserAssignedMsi'
        }
        {
          name: 'BOT_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds
        }
        {
          // Account-key connection string, because @azure/data-tables with a connection string is what the
          // app supports today. Move it to a Key Vault reference, or switch the app to the managed identity
          // (grantIdentityTableAccess), when that lands.
          name: 'STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
        {
          name: 'TABLE_NAME'
          value: table.name
        }
      ]
    }
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
