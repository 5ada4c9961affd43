package dev.iotsdk.emulator.internal.runtime

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.EmulatorStateException
import dev.iotsdk.emulator.IotEmulatorConfig
import dev.iotsdk.emulator.greengrass.GreengrassEmulator
import dev.iotsdk.emulator.internal.AuthorizerFunctions
import dev.iotsdk.emulator.internal.ConnectionTable
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.ServerNames
import dev.iotsdk.emulator.internal.SigV4Verifier
import dev.iotsdk.emulator.internal.broker.BrokerContext
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import dev.iotsdk.emulator.internal.commands.CommandsApi
import dev.iotsdk.emulator.internal.commands.CommandsService
import dev.iotsdk.emulator.internal.controlplane.Arns
import dev.iotsdk.emulator.internal.controlplane.AuthorizersApi
import dev.iotsdk.emulator.internal.controlplane.AuthorizersStatePart
import dev.iotsdk.emulator.internal.controlplane.CertificatesApi
import dev.iotsdk.emulator.internal.controlplane.ControlPlaneService
import dev.iotsdk.emulator.internal.controlplane.EndpointsApi
import dev.iotsdk.emulator.internal.controlplane.GreengrassApi
import dev.iotsdk.emulator.internal.controlplane.IamApi
import dev.iotsdk.emulator.internal.controlplane.JobsApi
import dev.iotsdk.emulator.internal.controlplane.ProvisioningTemplatesApi
import dev.iotsdk.emulator.internal.controlplane.RoleAliasesApi
import dev.iotsdk.emulator.internal.controlplane.SigV4Principals
import dev.iotsdk.emulator.internal.controlplane.TemplateRecordsStatePart
import dev.iotsdk.emulator.internal.controlplane.ThingsApi
import dev.iotsdk.emulator.internal.controlplane.ThingsStatePart
import dev.iotsdk.emulator.internal.credentials.CallerPermissions
import dev.iotsdk.emulator.internal.credentials.CognitoIdentityService
import dev.iotsdk.emulator.internal.credentials.CognitoStatePart
import dev.iotsdk.emulator.internal.credentials.IamRoles
import dev.iotsdk.emulator.internal.credentials.IamRolesStatePart
import dev.iotsdk.emulator.internal.credentials.IssuedCredentials
import dev.iotsdk.emulator.internal.credentials.RoleAliasService
import dev.iotsdk.emulator.internal.credentials.RoleAliasStatePart
import dev.iotsdk.emulator.internal.dataplane.AuthorizerPublish
import dev.iotsdk.emulator.internal.dataplane.DataPlanePolicy
import dev.iotsdk.emulator.internal.dataplane.DataPlaneService
import dev.iotsdk.emulator.internal.defender.DefenderService
import dev.iotsdk.emulator.internal.defender.DefenderStore
import dev.iotsdk.emulator.internal.frontdoor.BrokerRelay
import dev.iotsdk.emulator.internal.frontdoor.FrontDoor
import dev.iotsdk.emulator.internal.frontdoor.RouteContext
import dev.iotsdk.emulator.internal.frontdoor.WebSocketUpgrade
import dev.iotsdk.emulator.internal.greengrass.GreengrassStatePart
import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.http.HttpSettings
import dev.iotsdk.emulator.internal.jobs.JobsService
import dev.iotsdk.emulator.internal.jobs.JobsStatePart
import dev.iotsdk.emulator.internal.provisioning.CertificateSigner
import dev.iotsdk.emulator.internal.provisioning.ProvisioningService
import dev.iotsdk.emulator.internal.provisioning.ProvisioningStatePart
import dev.iotsdk.emulator.internal.shadow.ShadowService
import dev.iotsdk.emulator.internal.shadow.ShadowStatePart
import dev.iotsdk.emulator.internal.streams.StreamStore
import dev.iotsdk.emulator.internal.streams.StreamsApi
import dev.iotsdk.emulator.internal.streams.StreamsService
import dev.iotsdk.emulator.internal.tunneling.TunnelHandshake
import dev.iotsdk.emulator.internal.tunneling.TunnelingApi
import dev.iotsdk.emulator.internal.tunneling.TunnelingService
import org.slf4j.LoggerFactory
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The emulator's composition root: builds every part once and wires them (the broker extension and its services,
 * the HTTP services, the credentials endpoints, the control plane, the front door), starts the broker and the
 * listeners ([start]) and stops them ([close]). [dev.iotsdk.emulator.IotEmulator] and its per-service facades are
 * views of it.
 */
internal class EmulatorRuntime(val config: IotEmulatorConfig) : AutoCloseable {
    val ownsDataDir: Boolean = config.dataDir == null
    val dataDir: Path =
        config.dataDir?.also { Files.createDirectories(it) } ?: Files.createTempDirectory("iot-emulator-")
    private val persistent: PersistentState? = config.dataDir?.let { PersistentState(dataDir) }
    val pki: Pki = persistent?.pki() ?: Pki.create()
    val registry: Registry = Registry(config.defaultPolicy)

    /** With a data directory: the access key id of the emulator's own credentials in an earlier run. */
    val savedAdministrator: String? = persistent?.load(registry)

    /** The emulator's own credentials' access key id, once made (saved with the state). */
    @Volatile
    var administrator: String? = null

    val iamRoles: IamRoles = IamRoles(config.accountId)
    val issuedCredentials: IssuedCredentials = IssuedCredentials({ registry.credentials[it.accessKeyId] = it })
    val permissions: CallerPermissions = CallerPermissions(
        config.accountId,
        issuedCredentials,
        iamRoles,
        Policy.parse("default role policy", config.defaultRolePolicy),
    ) { identityId -> registry.attachedPolicies(listOf(identityId)).ifEmpty { listOf(registry.defaultPolicy) } }
    val table: ConnectionTable = ConnectionTable()
    val bus: EventBus = EventBus(config.eventLogCapacity)

    /** The decision sources of authorizers made with CreateAuthorizer (CLI `--authorizer-function`). */
    val authorizerFunctions: AuthorizerFunctions = AuthorizerFunctions()
    private val threadIds = AtomicInteger()

    /** Custom authorizers (user code that may block): bounded, so a flood of CONNECTs cannot make threads without end. */
    private val authorizerThreads: ExecutorService = ThreadPoolExecutor(
        AUTHORIZER_THREADS,
        AUTHORIZER_THREADS,
        1,
        TimeUnit.MINUTES,
        ArrayBlockingQueue(AUTHORIZER_QUEUE),
    ) { r ->
        Thread(r, "iot-emulator-authorizer-${threadIds.incrementAndGet()}").apply { isDaemon = true }
    }.apply { allowCoreThreadTimeOut(true) }
    private val scheduler: ScheduledExecutorService = Executors.newSingleThreadScheduledExecutor { r ->
        Thread(r, "iot-emulator-scheduler").apply { isDaemon = true }
    }
    private val authorizerRunner = CustomAuthRunner(registry)
    val extension: BrokerExtension = BrokerExtension(
        BrokerContext(config.region, config.accountId, registry, table, bus, permissions::dataPolicySets),
        authorizerRunner,
        authorizerThreads,
        scheduler,
    )
    val jobs: JobsService =
        JobsService({ topic, payload -> extension.publishAsync(topic, payload, 1, null) }, scheduler)
    val thingGroupMembers: ConcurrentHashMap<String, Set<String>> = ConcurrentHashMap()
    val shadows: ShadowService =
        ShadowService(inFlightLimit = config.shadowInFlightLimit, requestsPerSecond = config.shadowRequestsPerSecond)
    val provisioning: ProvisioningService = ProvisioningService(registry, CertificateSigner(pki.ca))
    val commands: CommandsService =
        CommandsService(extension, scheduler, "arn:aws:iot:${config.region}:${config.accountId}")
    val streams: StreamStore = StreamStore()
    val defender: DefenderStore = DefenderStore()
    private val relay = BrokerRelay(table, bus)

    /** Each service's share of the state a restart keeps (with a data directory); a new service adds its part here. */
    private val stateParts = mutableListOf<StatePart>()
    val http: HttpServices = HttpServices(
        registry::isActive,
        HttpSettings(config.httpRequestTimeoutMillis, config.httpIdleTimeoutMillis),
    )
    val roleAliases: RoleAliasService = RoleAliasService(config.region, config.accountId, registry, issuedCredentials)
    val cognito: CognitoIdentityService = CognitoIdentityService(config.region, issuedCredentials, ::validCredentials)
    val greengrass: GreengrassEmulator =
        GreengrassEmulator(registry, relay, bus, pki, config.region, config.accountId, http)
    val tunneling: TunnelingService =
        TunnelingService(config.region, config.accountId, { t, p -> extension.publishAsync(t, p, 1, null) })
    val broker: EmbeddedBroker =
        EmbeddedBroker(dataDir.resolve("broker"), extension, config.brokerLogLevel, config.maxSessionExpirySeconds)
    private lateinit var frontDoor: FrontDoor

    /** The bound ports: mutual-TLS MQTT, 443, 8443 and the plain port (null when off). */
    var ports: Ports = Ports(0, 0, 0, null)
        private set

    init {
        listOf(shadows, provisioning, jobs, commands, StreamsService(streams), DefenderService(defender))
            .forEach(extension::addService)
        registry.onCertificateDeactivated { extension.disconnectCertificate(it) }
        roleAliases.registerRoutes(http)
        cognito.registerRoutes(http)
        val dataPlanePolicy = DataPlanePolicy(config.region, config.accountId, registry, bus, permissions)
        DataPlaneService(
            config.region,
            ::validCredentials,
            shadows,
            extension,
            table,
            dataPlanePolicy,
            AuthorizerPublish(registry, authorizerRunner, dataPlanePolicy, bus),
        ).registerRoutes(http)
        val arns = Arns(config.region, config.accountId)
        val principals = SigV4Principals(config.region, ::validCredentials, permissions)
        // before the control plane: it serves every other path signed for `iot`
        val authorizersApi = AuthorizersApi(principals, registry, authorizerFunctions, arns).also {
            it.registerRoutes(http)
        }
        CommandsApi(principals, commands, registry, arns).registerRoutes(http)
        val thingsApi = ThingsApi(registry, arns)
        val templatesApi = ProvisioningTemplatesApi({ provisioning.createTemplate(it) }, arns)
        ControlPlaneService(
            principals,
            thingsApi,
            CertificatesApi(registry, CertificateSigner(pki.ca), arns),
            JobsApi(jobs, registry, { thingGroupMembers[it] }, arns),
            templatesApi,
            EndpointsApi("localhost", { ports.port443 }, { ports.port8443 }),
            RoleAliasesApi(roleAliases),
            StreamsApi(streams, arns),
        ).registerRoutes(http)
        IamApi(config.region, ::validCredentials, permissions, iamRoles).registerRoutes(http)
        GreengrassApi(principals, registry, greengrass).registerRoutes(http)
        TunnelingApi(principals, tunneling).registerRoutes(http)
        stateParts += ShadowStatePart(shadows)
        stateParts += JobsStatePart(jobs)
        stateParts += ProvisioningStatePart(provisioning)
        stateParts += TemplateRecordsStatePart(templatesApi)
        stateParts += ThingsStatePart(thingsApi, registry)
        stateParts += RoleAliasStatePart(roleAliases)
        stateParts += IamRolesStatePart(iamRoles)
        stateParts += CognitoStatePart(cognito)
        stateParts += AuthorizersStatePart(authorizersApi, registry)
        stateParts += GreengrassStatePart(greengrass)
        stateParts += ThingGroupsStatePart(thingGroupMembers)
        restoreParts()
    }

    /** Gives each part its saved section; on a malformed file stops the threads made so far and rethrows. */
    private fun restoreParts() {
        try {
            persistent?.restore(stateParts)
        } catch (e: EmulatorStateException) {
            scheduler.shutdownNow()
            authorizerThreads.shutdownNow()
            throw e
        }
    }

    /** Registered credentials, unless issued ones that expired. */
    fun validCredentials(accessKeyId: String) =
        registry.credentials[accessKeyId]?.takeIf { issuedCredentials.isValid(accessKeyId) }

    /** Starts the broker, then the front door's listeners. */
    fun start(wssPath: String) {
        if (ownsDataDir) TempDirectories.register(dataDir)
        val plain = broker.start(config.enablePlainPort, config.plainPort, wssPath)
        if (persistent != null) {
            persistent.restoreRetained(extension.retainedStore)
            scheduler.scheduleWithFixedDelay(::saveState, SAVE_SECONDS, SAVE_SECONDS, TimeUnit.SECONDS)
        }
        relay.brokerListeners(broker.tcpPort, broker.webSocketPort)
        val upgrade = WebSocketUpgrade(
            registry,
            SigV4Verifier(config.region, ::validCredentials),
            authorizerRunner,
            authorizerThreads,
        )
        frontDoor =
            FrontDoor(
                pki,
                pki.issueServerCertificate(ServerNames.of(config.serverNames)),
                RouteContext(registry, bus, wssPath, upgrade, relay, http, TunnelHandshake(tunneling)),
            )
        ports = Ports(
            frontDoor.bind(config.mqttPort, EmulatorEvent.LISTENER_MTLS),
            frontDoor.bind(config.port443, EmulatorEvent.LISTENER_443),
            frontDoor.bind(config.port8443, EmulatorEvent.LISTENER_8443),
            plain,
        )
    }

    /** Set by the last save at [close]: a periodic save that fires later (broker stopping) does nothing. */
    @Volatile
    private var finalSaveDone = false

    /** Writes the state a restart keeps (with a data directory); a failure is logged, never thrown. */
    private fun saveState() {
        if (finalSaveDone) return
        try {
            persistent?.save(registry, administrator, issuedCredentials::isIssued, extension.retainedStore, stateParts)
        } catch (
            @Suppress("TooGenericExceptionCaught") e: Exception,
        ) {
            LoggerFactory.getLogger(
                EmulatorRuntime::class.java,
            ).warn("could not save the emulator state: {}", e.toString())
        }
    }

    override fun close() {
        saveState()
        finalSaveDone = true
        if (this::frontDoor.isInitialized) runCatching { frontDoor.close() }
        runCatching { greengrass.close() }
        runCatching { http.close() }
        runCatching { broker.close() }
        extension.stopServices()
        authorizerThreads.shutdownNow()
        scheduler.shutdownNow()
        if (ownsDataDir) {
            TempDirectories.deleteRecursively(dataDir)
            TempDirectories.unregister(dataDir)
        }
    }

    /** The emulator's public ports. */
    class Ports(val mqtt: Int, val port443: Int, val port8443: Int, val plain: Int?)

    private companion object {
        const val AUTHORIZER_THREADS = 16
        const val AUTHORIZER_QUEUE = 256
        const val SAVE_SECONDS = 5L
    }
}
