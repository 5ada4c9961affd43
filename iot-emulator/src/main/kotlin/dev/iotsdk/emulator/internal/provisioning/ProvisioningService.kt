package dev.iotsdk.emulator.internal.provisioning

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.cbor.Cbor
import dev.iotsdk.emulator.internal.cbor.CborException
import dev.iotsdk.emulator.internal.cbor.CborJson
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.toPem
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.util.Base64
import java.util.concurrent.TimeUnit

/**
 * The emulator's AWS IoT Fleet Provisioning service (spec/identity.md): CreateKeysAndCertificate,
 * CreateCertificateFromCsr and RegisterThing on the JSON and CBOR topics (the same documents; answers in the request's
 * format), answered only to the requesting connection.
 *
 * A new certificate waits (like AWS's `PENDING_ACTIVATION`) outside the registry, so it cannot connect, until
 * RegisterThing presents its ownership token before the token expires ([tokenLifetimeMillis], one hour); then the
 * thing is created, the certificate registered ACTIVE and attached to it, and the template's policy attached. An
 * expired token's certificate is deleted. State sits behind one lock; requests arrive on the services' threads. Anonymous connections (the plain port) are
 * refused certificates: no key generation or signing before authentication.
 *
 * Error codes AWS does not document (spec section 6) are the emulator's choice: `InvalidPayload` (400),
 * `InvalidCertificateSigningRequest` (400), `InvalidCertificateOwnershipToken` (400, as AWS sends for an empty token),
 * `InvalidParameters` (400), `AccessDenied` (403, hook refusal), `ResourceNotFound` (404, unknown template).
 */
internal class ProvisioningService(
    private val registry: Registry,
    private val signer: CertificateSigner,
    private val clock: () -> Long = System::currentTimeMillis,
    private val tokenLifetimeMillis: Long = TimeUnit.HOURS.toMillis(1),
) : ReservedTopicService {
    private class Pending(val certificate: X509Certificate, val certificateId: String, var expiresAt: Long)

    private class Rejection(val statusCode: Int, val errorCode: String, message: String, cause: Throwable? = null) :
        Exception(message, cause)

    internal val lock = Any()

    /** The templates by name, under [lock]; [ProvisioningStatePart] saves them. */
    internal val templates = HashMap<String, ProvisioningTemplate>()
    private val pending = HashMap<String, Pending>()
    private val random = SecureRandom()

    override fun handles(topic: String): Boolean = ProvisioningTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = ProvisioningTopic.parse(request.topic) ?: return
        val reply = try {
            if (request.anonymous && topic !is ProvisioningTopic.RegisterThing) {
                // AWS serves fleet provisioning to authenticated (claim certificate) connections only; the emulator's
                // anonymous plain port gets no certificate signed and no RSA key generated
                throw Rejection(
                    403,
                    "AccessDenied",
                    "Fleet provisioning needs a connection authenticated by a certificate",
                )
            }
            val body = parseBody(request.payload, topic.format)
            "${topic.topic}/accepted" to when (topic) {
                is ProvisioningTopic.CreateKeys -> createKeys()
                is ProvisioningTopic.CreateFromCsr -> createFromCsr(body)
                is ProvisioningTopic.RegisterThing -> registerThing(topic.templateName, body)
            }
        } catch (e: Rejection) {
            "${topic.topic}/rejected" to buildJsonObject {
                put("statusCode", e.statusCode)
                put("errorCode", e.errorCode)
                put("errorMessage", e.message)
            }
        }
        val payload = if (topic.format == "cbor") {
            Cbor.encode(CborJson.fromJson(reply.second))
        } else {
            reply.second.toString().encodeToByteArray()
        }
        context.publishToClient(request.clientId, reply.first, payload)
    }

    // ---- admin -----------------------------------------------------------------------------------------------

    fun createTemplate(template: ProvisioningTemplate) {
        synchronized(lock) { templates[template.name] = template }
    }

    /** Expires every outstanding ownership token now (their certificates are deleted). */
    fun expireOwnershipTokens() {
        synchronized(lock) { pending.values.forEach { it.expiresAt = clock() } }
    }

    // ---- requests --------------------------------------------------------------------------------------------

    private fun createKeys(): JsonObject {
        val (certificate, privateKeyPem) = signer.newKeysAndCertificate()
        val token = remember(certificate)
        return buildJsonObject {
            put("certificateId", certificate.certificateId())
            put("certificatePem", certificate.toPem())
            put("privateKey", privateKeyPem)
            put("certificateOwnershipToken", token)
        }
    }

    private fun createFromCsr(body: JsonObject): JsonObject {
        val csr = string(body, "certificateSigningRequest")
            ?: throw Rejection(400, "InvalidPayload", "certificateSigningRequest is required and must be a string")
        val certificate = try {
            signer.signCsr(csr)
        } catch (e: CsrRefused) {
            throw Rejection(
                400,
                "InvalidCertificateSigningRequest",
                e.message ?: "The certificate signing request was refused",
            )
        }
        val token = remember(certificate)
        return buildJsonObject {
            put("certificateOwnershipToken", token)
            put("certificateId", certificate.certificateId())
            put("certificatePem", certificate.toPem())
        }
    }

    private fun registerThing(templateName: String, body: JsonObject): JsonObject {
        val token = string(body, "certificateOwnershipToken")
        if (token.isNullOrEmpty()) {
            throw Rejection(
                400,
                "InvalidCertificateOwnershipToken",
                "Certificate ownership token cannot be empty.",
            )
        }
        val parameters = parameters(body)
        synchronized(lock) {
            val template =
                templates[templateName]
                    ?: throw Rejection(
                        404,
                        "ResourceNotFound",
                        "The provisioning template $templateName does not exist",
                    )
            val owned =
                pending[token]
                    ?: throw Rejection(
                        400,
                        "InvalidCertificateOwnershipToken",
                        "Certificate ownership token is invalid.",
                    )
            if (clock() >= owned.expiresAt) {
                pending.remove(token)
                throw Rejection(
                    400,
                    "InvalidCertificateOwnershipToken",
                    "Certificate ownership token has expired; create a new certificate.",
                )
            }
            // AWS fills AWS::IoT::Certificate::Id from the ownership token's certificate (DG provision-template,
            // "Fleet provisioning": templates declare it, devices send only their own parameters)
            val resolved = parameters + (CERTIFICATE_ID_PARAMETER to owned.certificateId)
            for ((name, pattern) in template.parameters) {
                val value =
                    resolved[name]
                        ?: throw Rejection(
                            400,
                            "InvalidParameters",
                            "Parameter $name is required by template $templateName",
                        )
                if (!Regex(pattern).matches(value)) {
                    throw Rejection(
                        400,
                        "InvalidParameters",
                        "The value of parameter $name does not satisfy template $templateName",
                    )
                }
            }
            val thingName = Regex("\\{([^}]*)}").replace(template.thingNamePattern) {
                resolved.getValue(it.groupValues[1])
            }
            if (!thingName.matches(
                    THING_NAME,
                )
            ) {
                throw Rejection(400, "InvalidParameters", "The thing name '$thingName' is not valid")
            }
            if (template.preProvisioningHook?.test(parameters) == false) {
                throw Rejection(
                    403,
                    "AccessDenied",
                    "The pre-provisioning hook of template $templateName refused the request",
                )
            }
            if (template.policyName != null && !registry.policies.containsKey(template.policyName)) {
                throw Rejection(
                    500,
                    "InternalFailure",
                    "Template $templateName names policy ${template.policyName}, which does not exist",
                )
            }
            pending.remove(token)
            registry.things += thingName
            registry.certificates[owned.certificateId] =
                CertificateRecord(owned.certificateId, thingName, owned.certificate)
                    .also { it.status = CertificateStatus.ACTIVE }
            template.policyName?.let { registry.attach(it, owned.certificateId) }
            return buildJsonObject {
                putJsonObject("deviceConfiguration") { template.deviceConfiguration.forEach { (k, v) -> put(k, v) } }
                put("thingName", thingName)
            }
        }
    }

    private fun remember(certificate: X509Certificate): String {
        val token = Base64.getUrlEncoder().withoutPadding().encodeToString(
            ByteArray(TOKEN_BYTES).also(random::nextBytes),
        )
        synchronized(lock) {
            val now = clock()
            pending.values.removeIf { now >= it.expiresAt }
            pending[token] = Pending(certificate, certificate.certificateId(), now + tokenLifetimeMillis)
        }
        return token
    }

    // ---- payloads --------------------------------------------------------------------------------------------

    private fun parseBody(payload: ByteArray, format: String): JsonObject =
        if (format == "cbor") parseCbor(payload) else parseJson(payload)

    private fun parseCbor(payload: ByteArray): JsonObject {
        if (payload.isEmpty()) return JsonObject(emptyMap())
        val element = try {
            CborJson.toJson(Cbor.decode(payload))
        } catch (e: CborException) {
            throw Rejection(400, "InvalidPayload", "The request could not be parsed as CBOR", e)
        }
        return element as? JsonObject ?: throw Rejection(400, "InvalidPayload", "The request must be a CBOR map")
    }

    private fun parseJson(payload: ByteArray): JsonObject {
        val text = payload.decodeToString()
        if (text.isBlank()) return JsonObject(emptyMap())
        val element = try {
            JSON.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw Rejection(400, "InvalidPayload", "The request could not be parsed as JSON")
        }
        return element as? JsonObject ?: throw Rejection(400, "InvalidPayload", "The request must be a JSON object")
    }

    private fun string(body: JsonObject, key: String): String? = (body[key] as? JsonPrimitive)?.takeIf {
        it.isString
    }?.content

    private fun parameters(body: JsonObject): Map<String, String> {
        val element = body["parameters"] ?: return emptyMap()
        if (element is JsonNull) return emptyMap()
        val obj =
            element as? JsonObject ?: throw Rejection(400, "InvalidPayload", "parameters must be an object of strings")
        return obj.mapValues { (key, value) ->
            string(obj, key) ?: throw Rejection(400, "InvalidPayload", "parameter $key must be a string, not $value")
        }
    }

    internal companion object {
        private val JSON = Json
        private val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        private const val TOKEN_BYTES = 48

        /** The template parameter AWS IoT fills with the provisioned certificate's id. */
        const val CERTIFICATE_ID_PARAMETER: String = "AWS::IoT::Certificate::Id"
    }
}
