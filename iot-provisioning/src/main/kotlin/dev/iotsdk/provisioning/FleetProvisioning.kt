package dev.iotsdk.provisioning

import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.model.provisioning.RegisterThingResponse
import dev.iotsdk.provisioning.internal.ProvisioningLog
import kotlinx.coroutines.CancellationException
import java.io.IOException

/**
 * Fleet provisioning by claim in one call: connect with the claim certificate, obtain a certificate (by a CSR made on
 * the device, or CreateKeysAndCertificate), RegisterThing with the template, save the new credentials atomically in
 * the [CredentialsStore], disconnect the claim session, and connect with the new identity.
 *
 * Each step's failure is a [FleetProvisioningException] naming the [ProvisioningStep], with the cause attached. The
 * claim identity is only read, never written: whatever fails, the device can start over with it. The new credentials
 * are saved only after RegisterThing succeeded, and before the claim session ends.
 *
 * Kotlin:
 * ```kotlin
 * val device = FleetProvisioning {
 * claim = IotMqttClientConfig { endpoint = "xxx-ats.iot.eu-west-1.amazonaws.com"; connectionType =
 * ConnectionType.MutualTls(claimIdentity) }
 *     templateName = "factory"
 *     parameters = mapOf("SerialNumber" to serial)
 *     store = PemCredentialsStore(Path.of("/var/lib/device/identity.pem"))
 * }.connectOrProvision()
 * device.client.publish("telemetry/${device.credentials.thingName}", payload)
 * ```
 * Java:
 * ```java
 * ProvisionedDevice device = new FleetProvisioning(FleetProvisioningConfig.builder()
 *     .claim(claimConfig).templateName("factory").parameters(Map.of("SerialNumber", serial))
 *     .store(new PemCredentialsStore(Path.of("identity.pem"))).build()).asJava().connectOrProvision().get();
 * ```
 *
 * Cancellation: cancelling [provision] closes the connections it opened; a certificate obtained but not registered
 * expires on the service side.
 */
public class FleetProvisioning(
    /** The settings. */
    public val config: FleetProvisioningConfig,
) {
    private val log = ProvisioningLog(config.templateName)

    /**
     * Connects with the stored credentials when the store has some; otherwise [provision]s.
     * @throws FleetProvisioningException as [provision]; [ProvisioningStep.CONNECT_WITH_NEW_IDENTITY] when the stored
     * credentials cannot connect (they are kept: fix the cause, or delete them to provision again).
     */
    public suspend fun connectOrProvision(): ProvisionedDevice {
        val stored = try {
            config.store.load()
        } catch (e: IOException) {
            throw FleetProvisioningException(
                ProvisioningStep.PERSIST,
                "The credentials store ${config.store} could not be read (${e.message}); repair or delete it to " +
                    "provision again",
                e,
            )
        } ?: return provision()
        log.usingStored(stored.thingName, config.store)
        return ProvisionedDevice(stored, connectDevice(stored), emptyMap(), provisioned = false)
    }

    /**
     * Runs the whole flow and returns the device connected with its new identity.
     * @throws FleetProvisioningException at the step that failed.
     */
    public suspend fun provision(): ProvisionedDevice {
        log.started(config.store)
        val claimClient = IotMqttClient.create(config.claim)
        val credentials: DeviceCredentials
        val registered: RegisterThingResponse
        try {
            step(
                ProvisioningStep.CONNECT_WITH_CLAIM,
                "Could not connect with the claim certificate; check the endpoint, the claim certificate and its " +
                    "policy",
            ) {
                claimClient.connect()
            }
            ProvisioningClient(claimClient, ProvisioningClientOptions(config.requestTimeout)).use { provisioning ->
                val (certificate, privateKeyPem) = step(
                    ProvisioningStep.CREATE_CERTIFICATE,
                    "Could not obtain a device certificate; nothing was registered and the claim identity is " +
                        "unchanged, so provisioning can be retried",
                ) { obtainCertificate(provisioning) }
                registered = step(
                    ProvisioningStep.REGISTER_THING,
                    "RegisterThing with template '${config.templateName}' failed; the new certificate was not " +
                        "activated and the claim " +
                        "identity is unchanged: fix the cause and provision again (a new certificate is created)",
                ) { provisioning.registerThing(config.templateName, certificate.second, config.parameters) }
                credentials =
                    DeviceCredentials(registered.thingName, certificate.first, certificate.third, privateKeyPem)
                log.registered(registered.thingName, certificate.first)
            }
            step(
                ProvisioningStep.PERSIST,
                "Thing '${registered.thingName}' was registered but its credentials could not be saved in " +
                    "${config.store}; " +
                    "the claim identity is unchanged: fix the store and provision again",
            ) { config.store.save(credentials) }
        } finally {
            claimClient.close()
        }
        return ProvisionedDevice(
            credentials,
            connectDevice(credentials),
            registered.deviceConfiguration,
            provisioned = true,
        )
    }

    /** The Java view. */
    public fun asJava(): FleetProvisioningJava = FleetProvisioningJava(this)

    override fun toString(): String = "FleetProvisioning($config)"

    /** (certificateId, ownership token, certificate PEM) and the private key PEM. */
    private suspend fun obtainCertificate(
        provisioning: ProvisioningClient,
    ): Pair<Triple<String, String, String>, String> = when (val method = config.certificateMethod) {
        is CertificateMethod.CreateKeys -> provisioning.createKeysAndCertificate().let {
            Triple(it.certificateId, it.certificateOwnershipToken, it.certificatePem) to it.privateKey
        }
        is CertificateMethod.GenerateCsr -> fromCsr(
            provisioning,
            CertificateSigningRequest.generate(method.keyType),
        )
        is CertificateMethod.ProvidedCsr -> fromCsr(provisioning, method.csr)
    }

    private suspend fun fromCsr(provisioning: ProvisioningClient, csr: CertificateSigningRequest) =
        provisioning.createCertificateFromCsr(csr.pem).let {
            Triple(it.certificateId, it.certificateOwnershipToken, it.certificatePem) to csr.privateKeyPem()
        }

    private suspend fun connectDevice(credentials: DeviceCredentials): IotMqttClient {
        val claimType = config.claim.connectionType
        return step(
            ProvisioningStep.CONNECT_WITH_NEW_IDENTITY,
            "Could not connect as thing '${credentials.thingName}' with the new credentials (saved in " +
                "${config.store}); " +
                "connectOrProvision retries with them",
        ) {
            val client = IotMqttClient.create(
                config.claim.toBuilder().apply {
                    connectionType =
                        ConnectionType.MutualTls(
                            credentials.tlsIdentity(),
                            (claimType as? ConnectionType.MutualTls)?.alpn ?: false,
                        )
                    clientId = config.deviceClientId ?: credentials.thingName
                    config.deviceConnection?.invoke(this)
                }.build(),
            )
            try {
                client.connect()
            } catch (e: Throwable) {
                client.close()
                throw e
            }
            client
        }
    }

    private suspend fun <T> step(step: ProvisioningStep, message: String, block: suspend () -> T): T {
        log.stepStarted(step)
        val result = try {
            block()
        } catch (e: CancellationException) {
            throw e
        } catch (e: FleetProvisioningException) {
            log.stepFailed(step, e)
            throw e
        } catch (e: Exception) {
            throw FleetProvisioningException(step, "$message: ${e.message}", e).also { log.stepFailed(step, it) }
        }
        log.stepDone(step)
        try {
            config.listener?.stepCompleted(step)
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw FleetProvisioningException(step, "The provisioning listener failed after $step: ${e.message}", e)
        }
        return result
    }

    /** Factories. */
    public companion object {
        /** Kotlin DSL: `FleetProvisioning { templateName = "factory"; … }`. */
        public operator fun invoke(block: FleetProvisioningConfig.Builder.() -> Unit): FleetProvisioning =
            FleetProvisioning(FleetProvisioningConfig.Builder().apply(block).build())
    }
}
