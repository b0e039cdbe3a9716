// Azure resources for one Commons environment, deployed by teamsapp.yml (arm/deploy).
// Its outputs are written to env/.env.<env> under the same names.
//
// Bot and tab share one Linux App Service. Everything authenticates with one
// user-assigned managed identity: it is the bot's identity (no bot password) and
// the app's identity for Cosmos DB (no account key).

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name, e.g. commons plus RESOURCE_SUFFIX.')
param resourceBaseName string

@description('Client id of the Microsoft Entra app the tab uses for single sign-on (aadApp/create).')
param aadAppClientId string

@maxLength(42)
param botDisplayName string

@description('App Service plan SKU.')
param webAppSKU string = 'B1'

@description('Serverless bills per request (best for small and bursty use); provisioned shares autoscale throughput across the database.')
@allowed([
  'serverless'
  'provisioned'
])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale maximum RU/s of the database, provisioned mode only.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Entra ID only: the app reaches Cosmos DB with its managed identity, never with keys.')
param cosmosDisableLocalAuth bool = true

param location string = resourceGroup().location

@description('The Teams app id (manifest id), so an admin may turn on proactive installation')
param teamsAppId string = ''

var cosmosAccountName = toLower(resourceBaseName)
var cosmosDatabaseName = 'commons'
// Built-in "Cosmos DB Built-in Data Contributor": read and write items, no control plane.
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

// Mirrors CONTAINER_LIST in src/store/containers.ts, one line per container:
// test/unit/infra.spec.ts reads this list and fails when the two differ.
var containers = [
  { id: 'tenants', partitionKeyPath: '/pk', excludedPaths: ['/settings/*'], compositeIndexes: [] }
  { id: 'people', partitionKeyPath: '/pk', excludedPaths: ['/skills/*'], compositeIndexes: [] }
  { id: 'conversations', partitionKeyPath: '/pk', excludedPaths: ['/reference/*'], compositeIndexes: [] }
  { id: 'posts', partitionKeyPath: '/pk', excludedPaths: ['/body/?', '/deliveredTo/*'], compositeIndexes: [] }
  { id: 'engagement', partitionKeyPath: '/pk', excludedPaths: ['/comments/*'], compositeIndexes: [] }
  { id: 'timelines', partitionKeyPath: '/pk', excludedPaths: ['/entries/*'], compositeIndexes: [] }
  { id: 'announcements', partitionKeyPath: '/pk', excludedPaths: ['/body/?', '/audience/*'], compositeIndexes: [] }
  { id: 'deliveries', partitionKeyPath: '/pk', excludedPaths: ['/reference/*', '/conversationIds/*', '/checkpoint/*', '/progress/*'], compositeIndexes: [] }
  { id: 'rosters', partitionKeyPath: '/pk', excludedPaths: ['/conversationIds/*', '/members/*'], compositeIndexes: [] }
  { id: 'studio', partitionKeyPath: '/pk', excludedPaths: ['/content/*', '/entries/*', '/userIds/*', '/authors/*'], compositeIndexes: [] }
  { id: 'kudos', partitionKeyPath: '/pk', excludedPaths: ['/entries/*', '/received/*'], compositeIndexes: [] }
  { id: 'audit', partitionKeyPath: '/pk', excludedPaths: ['/details/*'], compositeIndexes: [] }
  { id: 'communities', partitionKeyPath: '/pk', excludedPaths: ['/members/*', '/entries/*', '/linkedChannels/*'], compositeIndexes: [] }
  { id: 'moderation', partitionKeyPath: '/pk', excludedPaths: ['/entries/*', '/payload/*', '/text/?'], compositeIndexes: [] }
  { id: 'follows', partitionKeyPath: '/pk', excludedPaths: ['/follows/*', '/userIds/*', '/entries/*'], compositeIndexes: [] }
  { id: 'analytics', partitionKeyPath: '/pk', excludedPaths: ['/counts/*', '/people/*', '/posts/*', '/announcements/*'], compositeIndexes: [] }
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

// ---- Monitoring ------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: resourceBaseName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceBaseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---- Cosmos DB -------------------------------------------------------------------

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: cosmosAccountName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: cosmosCapacityMode == 'serverless' ? [ { name: 'EnableServerless' } ] : []
    disableLocalAuth: cosmosDisableLocalAuth
    minimalTlsVersion: 'Tls12'
  }
}

resource cosmosDatabase 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmosAccount
  name: cosmosDatabaseName
  properties: {
    resource: {
      id: cosmosDatabaseName
    }
    // Serverless accounts reject any throughput setting.
    options: cosmosCapacityMode == 'provisioned' ? { autoscaleSettings: { maxThroughput: cosmosAutoscaleMaxThroughput } } : {}
  }
}

// With Entra auth the app cannot create containers itself: they all come from here.
resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: cosmosDatabase
  name: container.id
  properties: {
    resource: {
      id: container.id
      partitionKey: {
        paths: [container.partitionKeyPath]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [ { path: '/*' } ]
        excludedPaths: map(container.excludedPaths, excluded => { path: excluded })
        compositeIndexes: container.compositeIndexes
      }
    }
  }
}]

resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmosAccount
  name: guid(cosmosAccount.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmosAccount.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmosAccount.id
  }
}

// ---- App Service: the bot's /api/messages, the tab and its API -------------------

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
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
      appCommandLine: 'npm run start:server'
      // The delivery scheduler runs in-process: the app must not be unloaded when idle.
      alwaysOn: true
      ftpsState: 'FtpsOnly'
      minTlsVersion: '1.2'
    }
  }
}

// A separate resource so the settings can use the site's own host name.
resource webAppSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    RUNNING_ON_AZURE: '1'
    WEBSITE_RUN_FROM_PACKAGE: '1'
    // The zip carries dist/ already built and production dependencies only: no build on App Service.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    BOT_ID: identity.properties.clientId
    BOT_TENANT_ID: subscription().tenantId
    BOT_TYPE: 'UserAssignedMSI'
    // DefaultAzureCredential picks the user-assigned identity by this client id.
    AZURE_CLIENT_ID: identity.properties.clientId
    COSMOS_ENDPOINT: cosmosAccount.properties.documentEndpoint
    COSMOS_DATABASE: cosmosDatabase.name
    TAB_CLIENT_ID: aadAppClientId
    TAB_APP_ID_URI: 'api://${webApp.properties.defaultHostName}/${aadAppClientId}'
    PUBLIC_URL: 'https://${webApp.properties.defaultHostName}'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    TEAMS_APP_ID: teamsAppId
  }
}

// ---- Azure Bot -------------------------------------------------------------------

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: subscription().tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_ID string = identity.properties.clientId
output AZURE_CLIENT_ID string = identity.properties.clientId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output COSMOS_ENDPOINT string = cosmosAccount.properties.documentEndpoint
