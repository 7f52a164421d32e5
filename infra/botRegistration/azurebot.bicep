// The Azure Bot resource: binds the bot's managed identity to its messaging endpoint and turns on the
// Teams channel. It holds configuration only, no conversation data. The app type (UserAssignedMSI)
// cannot be changed after creation; a user-assigned identity also means Teams and Azure must share a
// tenant, and the bot cannot be debugged locally through a dev tunnel with this registration.

@maxLength(64)
@minLength(2)
@description('Name of the Azure Bot resource (globally unique).')
param botServiceName string

@maxLength(42)
param botDisplayName string

@description('F0 (free) is enough: Teams is a standard channel.')
param botServiceSku string = 'F0'

@description('Client id of the user-assigned managed identity: the bot\'s app id (BOT_ID in the manifest).')
param identityClientId string

@description('Resource id of that managed identity.')
param identityResourceId string

@description('Tenant of that managed identity.')
param identityTenantId string

@description('Host name of the web app, e.g. mentor-abc123.azurewebsites.net.')
param botAppDomain string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: identityClientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
  }
}

// Connect the bot to Microsoft Teams.
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

output botServiceResourceId string = botService.id
