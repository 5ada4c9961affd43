package dev.iotsdk.provisioning

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.internal.requestresponse.RequestOperation
import dev.iotsdk.core.internal.requestresponse.RequestResponseClient
import dev.iotsdk.core.internal.requestresponse.RequestResponseOptions
import dev.iotsdk.core.internal.requestresponse.ResponsePath
import dev.iotsdk.model.provisioning.CreateCertificateFromCsrRequest
import dev.iotsdk.model.provisioning.CreateCertificateFromCsrResponse
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateRequest
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateResponse
import dev.iotsdk.model.provisioning.RegisterThingRequest
import dev.iotsdk.model.provisioning.RegisterThingResponse
import dev.iotsdk.provisioning.internal.CborExchange
import dev.iotsdk.provisioning.internal.ProvisioningCodec
import dev.iotsdk.provisioning.internal.ProvisioningRejections
import kotlinx.serialization.KSerializer

/**
 * The AWS IoT Fleet Provisioning MQTT API (the v2 SDKs' `IotIdentityClient`): [createKeysAndCertificate],
 * [createCertificateFromCsr] and [registerThing] on the JSON or CBOR topics
 * ([ProvisioningClientOptions.payloadFormat]), as suspend functions with deadlines and typed
 * rejections ([ProvisioningRejectedException]). For the whole claim → certificate → thing → new identity flow use
 * [FleetProvisioning].
 *
 * **One at a time:** this API carries no client token, so responses are matched by topic alone; calls of the same
 * operation (same request topic) run one after another, each waiting for the previous one's answer. Waiting counts
 * against the call's deadline. Different operations may run concurrently.
 *
 * Kotlin:
 * ```kotlin
 * val provisioning = ProvisioningClient(claimConnection)
 * val csr = CertificateSigningRequest.generate(KeyType.EC_P256)
 * val certificate = provisioning.createCertificateFromCsr(csr.pem)
 * val thing = provisioning.registerThing("factory", certificate.certificateOwnershipToken, mapOf("SerialNumber" to "0001"))
 * ```
 * Java:
 * ```java
 * ProvisioningClientJava provisioning = new ProvisioningClient(claimConnection).asJava();
 * CreateKeysAndCertificateResponse keys = provisioning.createKeysAndCertificate().get();
 * ```
 *
 * Threading: every function may be called from any thread. Cancellation: cancelling a call stops waiting for its
 * answer; a request already published cannot be recalled (its certificate then simply expires unregistered). [close]
 * fails pending JSON calls (CBOR calls end at their deadline or when cancelled); it does not close [mqtt].
 */
@OptIn(InternalIotSdkApi::class)
public class ProvisioningClient @JvmOverloads constructor(
    /** The MQTT connection, usually authenticated with the claim certificate (connected by the caller). */
    public val mqtt: IotMqttClient,
    /** The settings. */
    public val options: ProvisioningClientOptions = ProvisioningClientOptions(),
) : AutoCloseable {
    private val codec = ProvisioningCodec(options.payloadFormat)
    private val rejections = ProvisioningRejections(codec)
    private val rr = RequestResponseClient(
        mqtt,
        RequestResponseOptions(defaultTimeout = options.requestTimeout, rejectionMapper = rejections),
    )
    private val cbor = CborExchange(mqtt, options.requestTimeout)

    /**
     * CreateKeysAndCertificate: AWS IoT creates a key pair and a certificate (pending activation until
     * [registerThing]). The private key travels over the connection; prefer [createCertificateFromCsr] when the device
     * can generate keys.
     * @throws ProvisioningRejectedException when the service rejects the request.
     * @throws dev.iotsdk.core.OperationTimeoutException when no answer arrives within the deadline.
     */
    public suspend fun createKeysAndCertificate(): CreateKeysAndCertificateResponse = call(
        topic(CREATE_KEYS),
        codec.encode(CreateKeysAndCertificateRequest.serializer(), CreateKeysAndCertificateRequest()),
        CreateKeysAndCertificateResponse.serializer(),
    )

    /**
     * CreateCertificateFromCsr: AWS IoT signs [certificateSigningRequest] (PEM PKCS#10, see
     * [CertificateSigningRequest]); the private key never leaves the device.
     * @throws ProvisioningRejectedException when the service refuses the CSR or the request.
     * @throws dev.iotsdk.core.OperationTimeoutException when no answer arrives within the deadline.
     */
    public suspend fun createCertificateFromCsr(certificateSigningRequest: String): CreateCertificateFromCsrResponse {
        require(certificateSigningRequest.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
            "certificateSigningRequest must be a PEM PKCS#10 request (-----BEGIN CERTIFICATE REQUEST-----)"
        }
        return call(
            topic(CREATE_FROM_CSR),
            codec.encode(
                CreateCertificateFromCsrRequest.serializer(),
                CreateCertificateFromCsrRequest(certificateSigningRequest),
            ),
            CreateCertificateFromCsrResponse.serializer(),
        )
    }

    /**
     * RegisterThing with provisioning template [templateName]: proves ownership of the new certificate with
     * [certificateOwnershipToken] (single-use, valid one hour) and passes [parameters] to the template.
     * @throws ProvisioningRejectedException (`InvalidCertificateOwnershipToken`, a refused parameter, an unknown
     * template…).
     * @throws dev.iotsdk.core.OperationTimeoutException when no answer arrives within the deadline.
     */
    @JvmOverloads
    public suspend fun registerThing(
        templateName: String,
        certificateOwnershipToken: String,
        parameters: Map<String, String> = emptyMap(),
    ): RegisterThingResponse {
        IotName.TEMPLATE.requireValid(templateName)
        require(certificateOwnershipToken.isNotEmpty()) { "certificateOwnershipToken must not be empty" }
        return call(
            topic("\$aws/provisioning-templates/$templateName/provision"),
            codec.encode(
                RegisterThingRequest.serializer(),
                RegisterThingRequest(certificateOwnershipToken, parameters.takeIf { it.isNotEmpty() }),
            ),
            RegisterThingResponse.serializer(),
        )
    }

    /** The Java view. */
    public fun asJava(): ProvisioningClientJava = ProvisioningClientJava(this)

    /** Fails pending calls with [dev.iotsdk.core.ClientClosedException]. Idempotent. */
    override fun close(): Unit = rr.close()

    override fun toString(): String = "ProvisioningClient(${mqtt.config.clientId})"

    private fun topic(base: String) = "$base/${options.payloadFormat.topicSuffix}"

    private suspend fun <R> call(topic: String, payload: ByteArray, response: KSerializer<R>): R {
        if (options.payloadFormat == ProvisioningPayloadFormat.CBOR) {
            val answer = cbor.request(topic, payload, rejections::map)
            return decoded("$topic/accepted", answer, response)
        }
        val operation = RequestOperation(
            requestTopic = topic,
            payload = payload,
            subscriptions = listOf("$topic/accepted", "$topic/rejected"),
            accepted = ResponsePath("$topic/accepted", null),
            rejected = ResponsePath("$topic/rejected", null),
            correlationToken = null,
        )
        return rr.request(operation) { message -> decoded(message.topic, message.payload, response) }
    }

    private fun <R> decoded(topic: String, payload: ByteArray, response: KSerializer<R>): R = try {
        codec.decode(response, payload)
    } catch (e: IllegalArgumentException) { // SerializationException included
        throw MalformedResponseException(topic, payload, DecodeFailures.describe(e))
    }

    private companion object {
        const val CREATE_KEYS = "\$aws/certificates/create"
        const val CREATE_FROM_CSR = "\$aws/certificates/create-from-csr"
    }
}
