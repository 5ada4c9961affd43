package dev.iotsdk.emulator

import dev.iotsdk.emulator.commands.CommandsEmulator
import dev.iotsdk.emulator.credentials.CredentialsEmulator
import dev.iotsdk.emulator.defender.DefenderEmulator
import dev.iotsdk.emulator.greengrass.GreengrassEmulator
import dev.iotsdk.emulator.internal.JavaEvents
import dev.iotsdk.emulator.internal.runtime.AdminService
import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime
import dev.iotsdk.emulator.jobs.JobsEmulator
import dev.iotsdk.emulator.provisioning.ProvisioningEmulator
import dev.iotsdk.emulator.shadow.ShadowEmulator
import dev.iotsdk.emulator.streams.StreamsEmulator
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import java.util.function.Predicate
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
 * The services have admin facades: [jobs], [shadows], [provisioning], [temporaryCredentials] and [greengrass];
 * things, certificates, policies, credentials and connections are administered through [EmulatorAdmin], which this
 * class implements (and [admin] returns). The composition of all parts is internal.
 *
 * Thread safety: every method may be called from any thread. The admin methods take effect for the next check
 * (policies are evaluated on every CONNECT/PUBLISH/SUBSCRIBE/delivery).
 */
public class IotEmulator private constructor(
    /** Every part of the emulator (internal: for tests that reach inside). */
    internal val runtime: EmulatorRuntime,
    private val adminService: AdminService = AdminService(runtime),
) : AutoCloseable,
    EmulatorAdmin by adminService {
    private val closed = AtomicBoolean(false)

    /** Greengrass: groups, cores, the discovery endpoint and test cores (see [GreengrassEmulator]). */
    public val greengrass: GreengrassEmulator get() = runtime.greengrass

    /** Jobs: jobs, thing groups and execution timers (see [JobsEmulator]). */
    public val jobs: JobsEmulator = JobsEmulator(runtime)

    /** AWS IoT Commands: commands and their executions (see [CommandsEmulator]). */
    public val commands: CommandsEmulator = CommandsEmulator(runtime)

    /** Device Shadow from the cloud side (see [ShadowEmulator]). */
    public val shadows: ShadowEmulator = ShadowEmulator(runtime)

    /** Fleet provisioning: templates, claim certificates, ownership tokens (see [ProvisioningEmulator]). */
    public val provisioning: ProvisioningEmulator = ProvisioningEmulator(runtime)

    /** MQTT file streams (OTA): streams of local files, the store behind CreateStream (see [StreamsEmulator]). */
    public val streams: StreamsEmulator = StreamsEmulator(runtime.streams)

    /** Device Defender: the metrics reports things sent, and AWS's throttling on demand (see [DefenderEmulator]). */
    public val defender: DefenderEmulator = DefenderEmulator(runtime.defender)

    /** The credentials provider's role aliases and Cognito identity pools (see [CredentialsEmulator]). */
    public val temporaryCredentials: CredentialsEmulator = CredentialsEmulator(runtime)

    /** The admin view: this emulator itself. */
    public val admin: EmulatorAdmin get() = this

    /** The host name clients connect to: `localhost`. */
    public val endpoint: String = "localhost"

    /** The region used in ARNs and the SigV4 credential scope. */
    public val region: String = runtime.config.region

    /** The account id used in ARNs. */
    public val accountId: String = runtime.config.accountId

    /** The mutual-TLS MQTT port (the "8883" role). */
    public val mqttPort: Int get() = runtime.ports.mqtt

    /** The ALPN-routing port (the "443" role). */
    public val port443: Int get() = runtime.ports.port443

    /** The mutual-TLS HTTPS port (the "8443" role). */
    public val port8443: Int get() = runtime.ports.port8443

    /** The plain MQTT port, or `null` when disabled. */
    public val plainPort: Int? get() = runtime.ports.plain

    /** The WebSocket path on [port443]: `/mqtt`. */
    public val wssPath: String = "/mqtt"

    /** The emulator CA certificate (PEM): trust anchor of the server certificate and issuer of device certificates. */
    public val caCertificatePem: String = runtime.pki.ca.certificatePem

    /** Where [caCertificatePem] was written (`ca.pem` in the data directory). */
    public val caPath: Path = runtime.dataDir.resolve("ca.pem")

    /** The data directory (PEM files); a temporary folder deleted by [close] unless configured. */
    public val dataDirectory: Path get() = runtime.dataDir

    /** Credentials registered at start for SigV4 clients: the account's administrator (the control plane, …). */
    public val credentials: EmulatorCredentials = adminService.registerAdministrator()

    /**
     * Live events. Collectors see events emitted after they subscribe; use [awaitEvent] to also see recent past
     * events. Emission never blocks the broker: a slow collector loses the oldest events. Java: [onEvent],
     * [awaitEventAsync], [awaitEventBlocking].
     */
    public val events: SharedFlow<EmulatorEvent> = runtime.bus.live.asSharedFlow()
    private val javaEvents = JavaEvents(events)

    /** The topic filters the connected client [clientId] holds now (empty when it is not connected). */
    public fun subscriptionsOf(clientId: String): Set<String> = adminService.subscriptionsOf(clientId)

    /** Shortcut for [shadows]`.shadow`: the shadow document as a GET returns it, or `null`. */
    public fun shadow(thingName: String, shadowName: String? = null): String? = shadows.shadow(thingName, shadowName)

    /** Shortcut for [shadows]`.updateShadow` (see [ShadowEmulator.updateShadow]). */
    public fun updateShadow(thingName: String, shadowName: String?, json: String): String =
        shadows.updateShadow(thingName, shadowName, json)

    /** Shortcut for [jobs]`.createJob` (see [JobsEmulator.createJob]). */
    @JvmOverloads
    public fun createJob(
        jobId: String,
        document: String,
        targets: List<String>,
        thingGroups: List<String> = emptyList(),
        inProgressTimeoutMinutes: Long? = null,
    ): Unit = jobs.createJob(jobId, document, targets, thingGroups, inProgressTimeoutMinutes)

    /** Shortcut for [jobs]`.createThingGroup` (see [JobsEmulator.createThingGroup]). */
    public fun createThingGroup(name: String, things: List<String>): Unit = jobs.createThingGroup(name, things)

    /** Shortcut for [jobs]`.expireJobTimers` (see [JobsEmulator.expireJobTimers]). */
    public fun expireJobTimers(): Int = jobs.expireJobTimers()

    /** Shortcut for [jobs]`.jobExecution` (see [JobsEmulator.jobExecution]). */
    public fun jobExecution(thingName: String, jobId: String): JobExecutionInfo? = jobs.jobExecution(thingName, jobId)

    /** Shortcut for [jobs]`.cancelJob` (see [JobsEmulator.cancelJob]). */
    public fun cancelJob(jobId: String): Unit = jobs.cancelJob(jobId)

    /** Shortcut for [jobs]`.deleteJobExecution` (see [JobsEmulator.deleteJobExecution]). */
    public fun deleteJobExecution(thingName: String, jobId: String): Unit = jobs.deleteJobExecution(thingName, jobId)

    /** Shortcut for [provisioning]`.createProvisioningTemplate` (see [ProvisioningEmulator]). */
    public fun createProvisioningTemplate(template: ProvisioningTemplate): Unit =
        provisioning.createProvisioningTemplate(template)

    /** Shortcut for [provisioning]`.issueClaimCertificate` (see [ProvisioningEmulator.issueClaimCertificate]). */
    public fun issueClaimCertificate(vararg templateNames: String): ClaimCertificate =
        provisioning.issueClaimCertificate(*templateNames)

    /** Shortcut for [provisioning]`.expireOwnershipTokens` (see [ProvisioningEmulator.expireOwnershipTokens]). */
    public fun expireOwnershipTokens(): Unit = provisioning.expireOwnershipTokens()

    /** Shortcut for [temporaryCredentials]`.createRoleAlias` (see [CredentialsEmulator.createRoleAlias]). */
    @JvmOverloads
    public fun createRoleAlias(name: String, roleArn: String, durationSeconds: Long = 3600): Unit =
        temporaryCredentials.createRoleAlias(name, roleArn, durationSeconds)

    /** Shortcut for [temporaryCredentials]`.createIdentityPool` (see [CredentialsEmulator.createIdentityPool]). */
    @JvmOverloads
    public fun createIdentityPool(
        name: String,
        allowUnauthenticated: Boolean,
        developerProviderName: String? = null,
        credentialsDurationSeconds: Long = 3600,
    ): String = temporaryCredentials.createIdentityPool(
        name,
        allowUnauthenticated,
        developerProviderName,
        credentialsDurationSeconds,
    )

    /** Shortcut for [temporaryCredentials]`.developerIdentityToken` (see [CredentialsEmulator]). */
    public fun developerIdentityToken(identityPoolId: String, userIdentifier: String): DeveloperIdentityToken =
        temporaryCredentials.developerIdentityToken(identityPoolId, userIdentifier)

    /** Shortcut for [temporaryCredentials]`.expireIssuedCredentials` (see [CredentialsEmulator]). */
    public fun expireIssuedCredentials(): Int = temporaryCredentials.expireIssuedCredentials()

    /** Shortcut for [temporaryCredentials]`.throttleCredentialRequests` (see [CredentialsEmulator]). */
    public fun throttleCredentialRequests(count: Int): Unit = temporaryCredentials.throttleCredentialRequests(count)

    /**
     * Suspends until an event matching [predicate] is emitted, looking first at the last
     * [IotEmulatorConfig.eventLogCapacity] events, so an event that already happened counts.
     * @throws IllegalStateException when nothing matches within [timeout].
     */
    public suspend fun awaitEvent(
        timeout: Duration = 10.seconds,
        predicate: (EmulatorEvent) -> Boolean,
    ): EmulatorEvent = withTimeoutOrNull(timeout) { runtime.bus.log.first(predicate) }
        ?: error(
            "no matching emulator event within $timeout; recent events: ${runtime.bus.log.replayCache.takeLast(10)}",
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
        runtime.close()
    }

    override fun toString(): String =
        "IotEmulator(endpoint=$endpoint, mqttPort=$mqttPort, port443=$port443, port8443=$port8443, " +
            "plainPort=$plainPort)"

    /** Factories. */
    public companion object {
        /**
         * Starts an emulator and blocks until every listener accepts connections.
         * @throws IllegalStateException if the broker cannot start (e.g. a fixed port is taken).
         * @throws EmulatorStateException if the data directory's state file cannot be read.
         */
        @JvmStatic
        @JvmOverloads
        public fun start(config: IotEmulatorConfig = IotEmulatorConfig()): IotEmulator {
            val emulator = IotEmulator(EmulatorRuntime(config))
            try {
                Files.writeString(emulator.caPath, emulator.caCertificatePem)
                emulator.runtime.start(emulator.wssPath)
            } catch (e: EmulatorStateException) {
                emulator.close()
                throw e
            } catch (
                @Suppress("TooGenericExceptionCaught") e: Exception,
            ) {
                emulator.close()
                throw IllegalStateException("the IoT emulator failed to start: ${e.message}", e)
            }
            return emulator
        }

        /** Kotlin DSL: `IotEmulator { region = "eu-west-1" }` starts an emulator with that configuration. */
        public operator fun invoke(block: IotEmulatorConfig.Builder.() -> Unit): IotEmulator =
            start(IotEmulatorConfig.Builder().apply(block).build())
    }
}
