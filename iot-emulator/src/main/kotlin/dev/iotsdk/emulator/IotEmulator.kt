package dev.iotsdk.emulator

import com.hivemq.embedded.EmbeddedExtension
import com.hivemq.embedded.EmbeddedHiveMQ
import dev.iotsdk.emulator.greengrass.GreengrassEmulator
import dev.iotsdk.emulator.internal.BrokerConfig
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.ConnectionTable
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.JavaEvents
import dev.iotsdk.emulator.internal.Logging
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.SigV4Verifier
import dev.iotsdk.emulator.internal.broker.BrokerContext
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.controlplane.Arns
import dev.iotsdk.emulator.internal.controlplane.CertificatesApi
import dev.iotsdk.emulator.internal.controlplane.ControlPlaneService
import dev.iotsdk.emulator.internal.controlplane.EndpointsApi
import dev.iotsdk.emulator.internal.controlplane.GreengrassApi
import dev.iotsdk.emulator.internal.controlplane.JobsApi
import dev.iotsdk.emulator.internal.controlplane.ProvisioningTemplatesApi
import dev.iotsdk.emulator.internal.controlplane.RoleAliasesApi
import dev.iotsdk.emulator.internal.controlplane.ThingsApi
import dev.iotsdk.emulator.internal.credentials.CognitoIdentityService
import dev.iotsdk.emulator.internal.credentials.IssuedCredentials
import dev.iotsdk.emulator.internal.credentials.RoleAlias
import dev.iotsdk.emulator.internal.credentials.RoleAliasService
import dev.iotsdk.emulator.internal.dataplane.DataPlanePolicy
import dev.iotsdk.emulator.internal.dataplane.DataPlaneService
import dev.iotsdk.emulator.internal.frontdoor.BrokerRelay
import dev.iotsdk.emulator.internal.frontdoor.FrontDoor
import dev.iotsdk.emulator.internal.frontdoor.RouteContext
import dev.iotsdk.emulator.internal.frontdoor.WebSocketUpgrade
import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.http.HttpSettings
import dev.iotsdk.emulator.internal.jobs.JobsService
import dev.iotsdk.emulator.internal.provisioning.CertificateSigner
import dev.iotsdk.emulator.internal.provisioning.ClaimPolicy
import dev.iotsdk.emulator.internal.provisioning.ProvisioningService
import dev.iotsdk.emulator.internal.shadow.ShadowService
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.nio.file.Files
import java.nio.file.Path
import java.security.SecureRandom
import java.util.Comparator
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.ReentrantLock
import java.util.function.Consumer
import java.util.function.Predicate
import kotlin.concurrent.withLock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * A local AWS IoT Core: an embedded MQTT broker (HiveMQ CE) behind AWS-style listeners, with its own CA, things,
 * certificates, policies, SigV4 credentials and custom authorizers.
 *
 * Listeners (all on 127.0.0.1; [endpoint] is `localhost`, and the server certificate carries `DNS:localhost`,
 * `IP:127.0.0.1` and `IP:::1`):
 * - [mqttPort] — the "8883" role: MQTT over mutual TLS; ALPN offers are ignored.
 * - [port443] — the "443" role, routed by ALPN: `x-amzn-mqtt-ca` (MQTT, client certificate), `mqtt` (MQTT, custom
 *   authorizer from the CONNECT user name), none/`http/1.1` (HTTPS: [wssPath] WebSocket upgrade signed with SigV4 or
 *   carrying custom-authorizer headers/query; other paths go to the HTTP services: the data plane).
 * - [port8443] — the "8443" role: HTTPS with a client certificate (Greengrass discovery).
 * - [plainPort] — plain MQTT without TLS (anonymous; the default policy applies).
 *
 * Kotlin:
 * ```kotlin
 * IotEmulator { region = "eu-west-1" }.use { emulator ->
 *     val device = emulator.registerThing("sensor-1")
 *     // connect to emulator.endpoint:emulator.mqttPort with device.certificatePath / device.privateKeyPath,
 *     // trusting emulator.caPath
 *     emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.thingName == "sensor-1" }
 * }
 * ```
 * Java:
 * ```java
 * try (IotEmulator emulator = IotEmulator.start()) {
 *     DeviceIdentity device = emulator.registerThing("sensor-1");
 * }
 * ```
 *
 * Thread safety: every method may be called from any thread. The admin methods take effect for the next check
 * (policies are evaluated on every CONNECT/PUBLISH/SUBSCRIBE/delivery).
 */
public class IotEmulator private constructor(private val config: IotEmulatorConfig) :
    AutoCloseable,
    EmulatorAdmin {
    private val ownsDataDir = config.dataDir == null
    private val dataDir: Path =
        config.dataDir?.also { Files.createDirectories(it) } ?: Files.createTempDirectory("iot-emulator-")
    private val pki = Pki.create()
    private val registry = Registry(config.defaultPolicy)
    private val table = ConnectionTable()
    private val bus = EventBus(config.eventLogCapacity)
    private val threadIds = AtomicInteger()

    /** Custom authorizers (user code that may block): bounded, so a flood of CONNECTs cannot make threads without end. */
    private val executor: ExecutorService = ThreadPoolExecutor(
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
    private val extension =
        BrokerExtension(
            BrokerContext(config.region, config.accountId, registry, table, bus),
            authorizerRunner,
            executor,
            scheduler,
        )
    private val jobs = JobsService({ topic, payload -> extension.publishAsync(topic, payload, 1, null) }, scheduler)
    private val closed = AtomicBoolean(false)
    private val shadowService = ShadowService(
        inFlightLimit = config.shadowInFlightLimit,
        requestsPerSecond = config.shadowRequestsPerSecond,
    ).also { extension.addService(it) }
    private val relay = BrokerRelay(table, bus)

    /** The front door's relays and the broker's sessions (for tests that attack them). */
    internal val connections: ConnectionTable get() = table

    /** The broker's internal MQTT listener on 127.0.0.1 (for tests that attack it). */
    internal var brokerTcpPort: Int = 0
        private set
    internal val http: HttpServices = HttpServices(
        registry::isActive,
        HttpSettings(config.httpRequestTimeoutMillis, config.httpIdleTimeoutMillis),
    )
    private val issuedCredentials = IssuedCredentials({ registry.credentials[it.accessKeyId] = it })
    private val roleAliases = RoleAliasService(config.region, config.accountId, registry, issuedCredentials).also {
        it.registerRoutes(http)
    }
    private val cognito = CognitoIdentityService(config.region, issuedCredentials, {
        validCredentials(it)
    }).also { it.registerRoutes(http) }
    private val provisioning = ProvisioningService(
        registry,
        CertificateSigner(pki.ca),
    ).also { extension.addService(it) }

    /** Greengrass: groups, cores, the discovery endpoint and test cores (see [GreengrassEmulator]). */
    public val greengrass: GreengrassEmulator =
        GreengrassEmulator(registry, relay, bus, pki, config.region, config.accountId, http)
    init {
        DataPlaneService(
            config.region,
            { validCredentials(it) },
            shadowService,
            extension,
            table,
            DataPlanePolicy(config.region, config.accountId, registry, bus),
        ).registerRoutes(http)
    }
    private val controlPlane = Arns(
        config.region,
        config.accountId,
    ).let { arns ->
        ControlPlaneService(
            config.region,
            { registry.credentials[it] },
            ThingsApi(registry, arns),
            CertificatesApi(
                registry,
                CertificateSigner(pki.ca),
                arns,
            ),
            JobsApi(jobs, registry, { thingGroupMembers[it] }, arns),
            ProvisioningTemplatesApi({
                provisioning.createTemplate(it)
            }, arns),
            EndpointsApi("localhost", { port443 }, { port8443 }),
            RoleAliasesApi(roleAliases),
        ).also { it.registerRoutes(http) }
    }
    private val greengrassApi = GreengrassApi(config.region, {
        registry.credentials[it]
    }, registry, greengrass)
        .also { it.registerRoutes(http) }
    private lateinit var broker: EmbeddedHiveMQ
    private lateinit var frontDoor: FrontDoor

    /** The host name clients connect to: `localhost`. */
    public val endpoint: String = "localhost"

    /** The region used in ARNs and the SigV4 credential scope. */
    public val region: String = config.region

    /** The account id used in ARNs. */
    public val accountId: String = config.accountId

    /** The mutual-TLS MQTT port (the "8883" role). */
    public var mqttPort: Int = 0
        private set

    /** The ALPN-routing port (the "443" role). */
    public var port443: Int = 0
        private set

    /** The mutual-TLS HTTPS port (the "8443" role). */
    public var port8443: Int = 0
        private set

    /** The plain MQTT port, or `null` when disabled. */
    public var plainPort: Int? = null
        private set

    /** The WebSocket path on [port443]: `/mqtt`. */
    public val wssPath: String = "/mqtt"

    /** The emulator CA certificate (PEM): trust anchor of the server certificate and issuer of device certificates. */
    public val caCertificatePem: String = pki.ca.certificatePem

    /** Where [caCertificatePem] was written (`ca.pem` in the data directory). */
    public val caPath: Path = dataDir.resolve("ca.pem")

    /** The data directory (PEM files); a temporary folder deleted by [close] unless configured. */
    public val dataDirectory: Path get() = dataDir

    /** Credentials registered at start for SigV4 WebSocket connections. */
    public val credentials: EmulatorCredentials = registerCredentials(randomKeyId(), randomSecret())

    /**
     * Live events. Collectors see events emitted after they subscribe; use [awaitEvent] to also see recent past
     * events. Emission never blocks the broker: a slow collector loses the oldest events. Java: [onEvent],
     * [awaitEventAsync], [awaitEventBlocking].
     */
    public val events: SharedFlow<EmulatorEvent> = bus.live.asSharedFlow()
    private val javaEvents = JavaEvents(events)

    init {
        extension.addService(jobs)
        registry.onCertificateDeactivated { extension.disconnectCertificate(it) }
    }

    private fun startInternal() {
        if (ownsDataDir) TempDirectories.register(dataDir)
        Files.writeString(caPath, caCertificatePem)
        Logging.quietBroker(config.brokerLogLevel)
        val internalTcp = BrokerConfig.freePort()
        val internalWs = BrokerConfig.freePort()
        val plain = if (config.enablePlainPort) BrokerConfig.freePort(config.plainPort) else null
        val brokerHome = dataDir.resolve("broker")
        BrokerConfig.write(brokerHome.resolve("conf"), internalTcp, internalWs, plain, wssPath)
        Files.createDirectories(brokerHome.resolve("data"))
        Files.createDirectories(brokerHome.resolve("extensions"))
        val embeddedExtension = EmbeddedExtension.builder()
            .withId("iotsdk-emulator").withName("iotsdk emulator").withVersion("1").withAuthor("iotsdk")
            .withPriority(1000).withStartPriority(1000).withExtensionMain(extension).build()
        broker = EmbeddedHiveMQ.builder()
            .withConfigurationFolder(brokerHome.resolve("conf"))
            .withDataFolder(brokerHome.resolve("data"))
            .withExtensionsFolder(brokerHome.resolve("extensions"))
            .withEmbeddedExtension(embeddedExtension)
            .withoutLoggingBootstrap()
            .build()
        START_LOCK.withLock { broker.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) }
        Logging.quietBroker(config.brokerLogLevel)
        plainPort = plain
        val server = pki.issueServerCertificate()
        relay.brokerListeners(internalTcp, internalWs)
        brokerTcpPort = internalTcp
        val upgrade = WebSocketUpgrade(
            registry,
            SigV4Verifier(config.region, { validCredentials(it) }),
            authorizerRunner,
            executor,
        )
        frontDoor = FrontDoor(
            pki,
            server,
            RouteContext(registry, bus, wssPath, upgrade, relay, http),
        )
        mqttPort = frontDoor.bind(config.mqttPort, EmulatorEvent.LISTENER_MTLS)
        port443 = frontDoor.bind(config.port443, EmulatorEvent.LISTENER_443)
        port8443 = frontDoor.bind(config.port8443, EmulatorEvent.LISTENER_8443)
    }

    /** See [EmulatorAdmin]. */
    override fun registerThing(thingName: String): DeviceIdentity {
        require(thingName.matches(THING_NAME)) { "invalid thing name '$thingName' (allowed: [a-zA-Z0-9:_-]{1,128})" }
        val issued = pki.issueDeviceCertificate(thingName)
        val id = issued.certificate.certificateId()
        registry.things += thingName
        registry.certificates[id] = CertificateRecord(id, thingName, issued.certificate)
        val fileBase = thingName.replace(':', '_')
        val certPath = dataDir.resolve("$fileBase.cert.pem")
        val keyPath = dataDir.resolve("$fileBase.private.key")
        Files.writeString(certPath, issued.certificatePem)
        Files.writeString(keyPath, issued.privateKeyPem)
        return DeviceIdentity(thingName, id, issued.certificatePem, issued.privateKeyPem, certPath, keyPath)
    }

    /** See [EmulatorAdmin]. */
    override fun things(): Set<String> = registry.things.toSet()

    /** See [EmulatorAdmin]. */
    override fun createPolicy(name: String, document: String) {
        registry.policies[name] = Policy.parse(name, document)
    }

    /** See [EmulatorAdmin]. */
    override fun attachPolicy(policyName: String, target: String) {
        registry.attach(policyName, target)
    }

    /** See [EmulatorAdmin]. */
    override fun detachPolicy(policyName: String, target: String) {
        registry.detach(policyName, target)
    }

    /** See [EmulatorAdmin]. */
    override fun setCertificateStatus(certificateId: String, status: CertificateStatus) {
        val record =
            registry.certificates[certificateId] ?: throw IllegalArgumentException("unknown certificate $certificateId")
        registry.setStatus(record, status)
    }

    /** See [EmulatorAdmin]. */
    override fun registerCredentials(
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String?,
    ): EmulatorCredentials {
        require(accessKeyId.isNotBlank() && !accessKeyId.contains('/')) { "invalid access key id" }
        val created = EmulatorCredentials(accessKeyId, secretAccessKey, sessionToken)
        registry.credentials[accessKeyId] = created
        return created
    }

    /** See [EmulatorAdmin]. */
    override fun registerAuthorizer(authorizer: CustomAuthorizer) {
        registry.authorizers[authorizer.name] = authorizer
    }

    /** See [EmulatorAdmin]. */
    override fun disconnectClient(clientId: String): Boolean {
        val sessionId = table.sessionByClientId[clientId] ?: return false
        table.sessions[sessionId]?.disconnectReason = "API_INITIATED_DISCONNECT"
        return extension.clientService.disconnectClient(clientId).get(5, TimeUnit.SECONDS)
    }

    /** See [EmulatorAdmin]. */
    override fun connectedClients(): Set<String> = table.sessionByClientId.keys.toSet()

    /** The topic filters the connected client [clientId] holds now (empty when it is not connected). */
    public fun subscriptionsOf(clientId: String): Set<String> =
        table.sessionByClientId[clientId]?.let { table.sessions[it]?.subscriptions?.toSet() } ?: emptySet()

    /** See [EmulatorAdmin]. */
    override fun publish(topic: String, payload: ByteArray, qos: Int, retain: Boolean) {
        require(qos == 0 || qos == 1) { "qos must be 0 or 1" }
        extension.publish(topic, payload, qos, retain)
    }

    /** The Device Shadow document of [thingName] (classic, or named [shadowName]) as a GET returns it, or `null`. */
    public fun shadow(thingName: String, shadowName: String? = null): String? =
        shadowService.document(thingName, shadowName)

    /**
     * Updates a shadow from the cloud side (like the data plane's UpdateThingShadow, for example a companion app):
     * [json] is an update request document; the accepted, delta and documents messages are published as for an MQTT
     * update. Returns the accepted response. @throws IllegalArgumentException with the error document when rejected.
     */
    public fun updateShadow(thingName: String, shadowName: String?, json: String): String =
        shadowService.adminUpdate(thingName, shadowName, json) { topic, payload ->
            extension.publish(topic, payload, 1, false)
        }

    /**
     * Jobs: creates job [jobId] with [document] (a JSON object, at most 32 KB) and queues an execution of it on each
     * of [targets] (thing names) and on each thing of [thingGroups] (as they are now: a snapshot job), publishing
     * `notify` / `notify-next` as AWS IoT Jobs does. [inProgressTimeoutMinutes] is the job's
     * `timeoutConfig.inProgressTimeoutInMinutes`: an execution still not terminal that long after it started
     * becomes `TIMED_OUT`.
     * @throws IllegalArgumentException for an invalid or existing job id, a document that is not a JSON object, an
     * unknown thing group, or no targets at all.
     */
    @JvmOverloads
    public fun createJob(
        jobId: String,
        document: String,
        targets: List<String>,
        thingGroups: List<String> = emptyList(),
        inProgressTimeoutMinutes: Long? = null,
    ) {
        val members = thingGroups.flatMap { g ->
            requireNotNull(thingGroupMembers[g]) { "no thing group '$g'" }.toList()
        }
        jobs.createJob(jobId, document, (targets + members).distinct(), inProgressTimeoutMinutes)
    }

    private val thingGroupMembers = ConcurrentHashMap<String, Set<String>>()

    /** Jobs: creates (or replaces) thing group [name] with [things] as its members, for [createJob]'s `thingGroups`. */
    public fun createThingGroup(name: String, things: List<String>) {
        require(name.matches(THING_NAME)) { "invalid thing group name '$name'" }
        things.forEach { require(it.matches(THING_NAME)) { "invalid thing name '$it'" } }
        thingGroupMembers[name] = things.toSet()
    }

    /**
     * Jobs: makes every running step timer (`stepTimeoutInMinutes` of start-next or update) and in-progress timer
     * ([createJob]'s `inProgressTimeoutMinutes`) fire now, so tests need not wait minutes: those executions become
     * `TIMED_OUT`, with `notify` / `notify-next` as AWS IoT Jobs sends them. Returns how many executions timed out.
     */
    public fun expireJobTimers(): Int = jobs.expireTimers()

    /** Jobs: the execution of [jobId] on [thingName], or `null` when there is none. */
    public fun jobExecution(thingName: String, jobId: String): JobExecutionInfo? = jobs.jobExecution(thingName, jobId)

    /**
     * Jobs: cancels [jobId]: every execution of it not yet in a terminal state becomes `CANCELED` (devices see it
     * leave the pending list on `notify` / `notify-next`; their next update is rejected with InvalidStateTransition).
     * @throws IllegalArgumentException when there is no such job.
     */
    public fun cancelJob(jobId: String): Unit = jobs.cancelJob(jobId)

    /**
     * Jobs: deletes the execution of [jobId] on [thingName] whatever its state (a forced delete).
     * @throws IllegalArgumentException when there is no such execution.
     */
    public fun deleteJobExecution(thingName: String, jobId: String): Unit = jobs.deleteJobExecution(thingName, jobId)

    /**
     * Fleet provisioning: creates (or replaces) [template], used by devices' RegisterThing on
     * `$aws/provisioning-templates/<name>/provision/json`. See [ProvisioningTemplate].
     */
    public fun createProvisioningTemplate(template: ProvisioningTemplate): Unit = provisioning.createTemplate(template)

    /**
     * Fleet provisioning: issues a claim certificate (EC P-256, ACTIVE, no thing) with a policy allowing only
     * `iot:Connect` and the fleet provisioning topics of [templateNames] (plus CreateKeysAndCertificate and
     * CreateCertificateFromCsr), written to `claim-<n>.cert.pem` / `claim-<n>.private.key` in the data directory.
     */
    public fun issueClaimCertificate(vararg templateNames: String): ClaimCertificate {
        val issued = pki.issueDeviceCertificate("provisioning-claim")
        val id = issued.certificate.certificateId()
        val policyName = "claim-${id.take(12)}"
        createPolicy(
            policyName,
            ClaimPolicy.document(region, accountId, templateNames.toList()),
        )
        registry.certificates[id] = CertificateRecord(id, null, issued.certificate)
        registry.attach(policyName, id)
        val certPath = dataDir.resolve("$policyName.cert.pem")
        val keyPath = dataDir.resolve("$policyName.private.key")
        Files.writeString(certPath, issued.certificatePem)
        Files.writeString(keyPath, issued.privateKeyPem)
        return ClaimCertificate(id, issued.certificatePem, issued.privateKeyPem, certPath, keyPath, policyName)
    }

    /**
     * Fleet provisioning: expires every certificate ownership token issued so far, as if their hour had passed
     * (RegisterThing with them is rejected with `InvalidCertificateOwnershipToken`; their certificates are deleted).
     */
    public fun expireOwnershipTokens(): Unit = provisioning.expireOwnershipTokens()

    /**
     * Credentials provider: creates (or replaces) role alias [name] for [roleArn]. Devices get temporary credentials
     * for it from `GET https://<endpoint>:<port8443>/role-aliases/<name>/credentials` with their certificate (whose
     * policies must allow `iot:AssumeRoleWithCertificate` on `arn:aws:iot:<region>:<account>:rolealias/<name>`);
     * those credentials are valid for [durationSeconds] (AWS allows 900..43200; the emulator takes any positive value)
     * for SigV4 WebSocket connections and the data plane.
     */
    @JvmOverloads
    public fun createRoleAlias(name: String, roleArn: String, durationSeconds: Long = 3600) {
        require(name.matches(ROLE_ALIAS)) { "invalid role alias '$name' (allowed: [\\w=,@-]{1,128})" }
        require(durationSeconds > 0) { "durationSeconds must be positive" }
        roleAliases.put(RoleAlias(name, roleArn, durationSeconds))
    }

    /**
     * Cognito: creates an identity pool and returns its id (`<region>:<uuid>`). Apps call GetId and
     * GetCredentialsForIdentity on `https://<endpoint>:<port443>/` (AWS JSON 1.1); the credentials returned are valid
     * for [credentialsDurationSeconds] for SigV4 WebSocket connections and the data plane. Guests (no logins) are
     * served only when [allowUnauthenticated]; with a [developerProviderName], developer-authenticated identities
     * log in with `{"cognito-identity.amazonaws.com": token}` from [developerIdentityToken].
     */
    @JvmOverloads
    public fun createIdentityPool(
        name: String,
        allowUnauthenticated: Boolean,
        developerProviderName: String? = null,
        credentialsDurationSeconds: Long = 3600,
    ): String {
        require(credentialsDurationSeconds > 0) { "credentialsDurationSeconds must be positive" }
        return cognito.createPool(name, allowUnauthenticated, developerProviderName, credentialsDurationSeconds)
    }

    /**
     * Cognito: what a backend gets from GetOpenIdTokenForDeveloperIdentity for [userIdentifier] in [identityPoolId]:
     * the identity id and an OpenID token to put in the logins map under `cognito-identity.amazonaws.com`.
     * @throws IllegalArgumentException when the pool is unknown or has no developer provider name.
     */
    public fun developerIdentityToken(identityPoolId: String, userIdentifier: String): DeveloperIdentityToken {
        val (identityId, token) = cognito.developerToken(identityPoolId, userIdentifier)
        return DeveloperIdentityToken(identityId, token)
    }

    /**
     * Credentials provider and Cognito: expires every credential issued so far, as if their time had passed; SigV4
     * requests and WebSocket connections signed with them are refused from now on (open connections stay open).
     * Returns how many were expired.
     */
    public fun expireIssuedCredentials(): Int = issuedCredentials.expireAll()

    /**
     * Credentials provider and Cognito: the next [count] requests to the credentials endpoints are throttled (IoT: 429
     * `Rate exceeded`; Cognito: `TooManyRequestsException`).
     */
    public fun throttleCredentialRequests(count: Int): Unit = issuedCredentials.throttleNext(count)

    private fun validCredentials(accessKeyId: String): EmulatorCredentials? =
        registry.credentials[accessKeyId]?.takeIf { issuedCredentials.isValid(accessKeyId) }

    /** The admin view: this emulator itself. */
    public val admin: EmulatorAdmin get() = this

    /**
     * Suspends until an event matching [predicate] is emitted, looking first at the last
     * [IotEmulatorConfig.eventLogCapacity] events, so an event that already happened counts.
     * @throws IllegalStateException when nothing matches within [timeout].
     */
    public suspend fun awaitEvent(
        timeout: Duration = 10.seconds,
        predicate: (EmulatorEvent) -> Boolean,
    ): EmulatorEvent = withTimeoutOrNull(timeout) { bus.log.first(predicate) }
        ?: throw IllegalStateException(
            "no matching emulator event within $timeout; recent events: ${bus.log.replayCache.takeLast(10)}",
        )

    /** Blocking [awaitEvent] for Java and non-coroutine tests. */
    public fun awaitEventBlocking(timeout: java.time.Duration, predicate: Predicate<EmulatorEvent>): EmulatorEvent =
        runBlocking { awaitEvent(timeout.toMillis().milliseconds) { predicate.test(it) } }

    /**
     * [awaitEvent] as a future, for Java: completes with the first event matching [predicate], recent past events
     * included, or fails with [IllegalStateException] when nothing matches within [timeout]. [predicate] runs on an
     * emulator thread. Cancelling the future stops the wait; [close] cancels pending futures.
     *
     * ```java
     * CompletableFuture<EmulatorEvent> connected = emulator.awaitEventAsync(Duration.ofSeconds(10),
     *         e -> e instanceof EmulatorEvent.ClientConnected);
     * ```
     */
    public fun awaitEventAsync(
        timeout: java.time.Duration,
        predicate: Predicate<EmulatorEvent>,
    ): CompletableFuture<EmulatorEvent> =
        javaEvents.future { awaitEvent(timeout.toMillis().milliseconds) { predicate.test(it) } }

    /**
     * [events] for Java: hands every event emitted from now on to [listener] on [executor], one at a time and in order,
     * until the result is closed (or the emulator is). The listener is subscribed when this returns. A listener that
     * throws is reported to the executing thread's uncaught-exception handler and delivery goes on; a slow listener
     * loses the oldest events (see [events]), it never slows the broker.
     *
     * ```java
     * try (AutoCloseable log = emulator.onEvent(executor, e -> System.out.println(e))) { … }
     * ```
     */
    public fun onEvent(executor: Executor, listener: Consumer<EmulatorEvent>): AutoCloseable =
        javaEvents.listen(executor, listener)

    /** [onEvent] with [listener] run on an emulator thread: keep it short and non-blocking. */
    public fun onEvent(listener: Consumer<EmulatorEvent>): AutoCloseable = javaEvents.listen(null, listener)

    /** Stops the listeners and the broker and deletes the temporary data directory. Idempotent. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        javaEvents.close()
        if (this::frontDoor.isInitialized) runCatching { frontDoor.close() }
        runCatching { greengrass.close() }
        runCatching { http.close() }
        if (this::broker.isInitialized) {
            runCatching {
                START_LOCK.withLock { broker.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) }
            }
        }
        if (this::broker.isInitialized) runCatching { broker.close() }
        extension.stopServices()
        executor.shutdownNow()
        scheduler.shutdownNow()
        if (ownsDataDir) {
            deleteRecursively(dataDir)
            TempDirectories.unregister(dataDir)
        }
    }

    override fun toString(): String =
        "IotEmulator(endpoint=$endpoint, mqttPort=$mqttPort, port443=$port443, port8443=$port8443, " +
            "plainPort=$plainPort)"

    /** Factories. */
    public companion object {
        private val START_LOCK = ReentrantLock()
        private const val START_TIMEOUT_SECONDS = 60L
        private const val AUTHORIZER_THREADS = 16
        private const val AUTHORIZER_QUEUE = 256
        private val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        private val ROLE_ALIAS = Regex("[\\w=,@-]{1,128}")
        private val random = SecureRandom()

        /**
         * Starts an emulator and blocks until every listener accepts connections.
         * @throws IllegalStateException if the broker cannot start (e.g. a fixed port is taken).
         */
        @JvmStatic
        @JvmOverloads
        public fun start(config: IotEmulatorConfig = IotEmulatorConfig()): IotEmulator {
            val emulator = IotEmulator(config)
            try {
                emulator.startInternal()
            } catch (e: Exception) {
                emulator.close()
                throw IllegalStateException("the IoT emulator failed to start: ${e.message}", e)
            }
            return emulator
        }

        /** Kotlin DSL: `IotEmulator { region = "eu-west-1" }` starts an emulator with that configuration. */
        public operator fun invoke(block: IotEmulatorConfig.Builder.() -> Unit): IotEmulator =
            start(IotEmulatorConfig.Builder().apply(block).build())

        private fun randomKeyId(): String {
            val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            return "AKIA" + (1..16).map { alphabet[random.nextInt(alphabet.length)] }.joinToString("")
        }

        private fun randomSecret(): String {
            val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            return (1..40).map { alphabet[random.nextInt(alphabet.length)] }.joinToString("")
        }

        internal fun deleteRecursively(path: Path) {
            if (!Files.exists(path)) return
            Files.walk(path).use { stream ->
                stream.sorted(Comparator.reverseOrder()).forEach { runCatching { Files.deleteIfExists(it) } }
            }
        }
    }
}

/** Temporary data directories of emulators still open, deleted at JVM exit if their emulator was never closed. */
private object TempDirectories {
    private val open: MutableSet<Path> = ConcurrentHashMap.newKeySet()

    init {
        Runtime.getRuntime().addShutdownHook(
            Thread({
                open.toList().forEach { runCatching { IotEmulator.deleteRecursively(it) } }
            }, "iot-emulator-temp-cleanup"),
        )
    }

    fun register(path: Path) {
        open.add(path)
    }

    fun unregister(path: Path) {
        open.remove(path)
    }
}
