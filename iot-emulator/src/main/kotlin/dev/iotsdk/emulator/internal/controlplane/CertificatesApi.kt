package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.provisioning.CertificateSigner
import dev.iotsdk.emulator.internal.provisioning.CsrRefused
import dev.iotsdk.emulator.internal.toPem
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.security.cert.X509Certificate
import java.util.Base64
import java.util.concurrent.ConcurrentHashMap

/**
 * Certificates and policies: CreateKeysAndCertificate, CreateCertificateFromCsr, DescribeCertificate,
 * UpdateCertificate, DeleteCertificate, CreatePolicy, GetPolicy, DeletePolicy, AttachPolicy, DetachPolicy, on the
 * [Registry] the broker checks connections against (a certificate made here connects at once when ACTIVE).
 */
internal class CertificatesApi(
    private val registry: Registry,
    private val signer: CertificateSigner,
    private val arns: Arns,
) {
    private val lock = Any()

    /** The policy, certificate and principal reads (ListPolicies, ListAttachedPolicies, …). */
    val reads: RegistryReadsApi = RegistryReadsApi(registry, arns) { getPolicy(it) }
    private val created = ConcurrentHashMap<String, Double>()
    private val modified = ConcurrentHashMap<String, Double>()

    fun createKeysAndCertificate(r: ApiRequest): JsonObject {
        val (certificate, privateKeyPem) = signer.newKeysAndCertificate()
        val id = remember(certificate, r.queryBoolean("setAsActive") ?: false)
        return buildJsonObject {
            put("certificateArn", arns.certificate(id))
            put("certificateId", id)
            put("certificatePem", certificate.toPem())
            putJsonObject("keyPair") {
                put("PublicKey", pem("PUBLIC KEY", certificate.publicKey.encoded))
                put("PrivateKey", privateKeyPem)
            }
        }
    }

    fun createFromCsr(r: ApiRequest): JsonObject {
        val csr = r.requireString("certificateSigningRequest")
        val certificate = try {
            signer.signCsr(csr)
        } catch (e: CsrRefused) {
            throw ApiError.invalid(e.message ?: "The certificate signing request is invalid")
        }
        val id = remember(certificate, r.queryBoolean("setAsActive") ?: false)
        return buildJsonObject {
            put("certificateArn", arns.certificate(id))
            put("certificateId", id)
            put("certificatePem", certificate.toPem())
        }
    }

    fun describe(id: String): JsonObject {
        val record = certificate(id)
        val notBefore = record.certificate.notBefore.time / 1000.0
        return buildJsonObject {
            putJsonObject("certificateDescription") {
                put("certificateArn", arns.certificate(id))
                put("certificateId", id)
                put("status", record.status.name)
                put("certificatePem", record.certificate.toPem())
                put("ownedBy", arns.accountId)
                put("creationDate", created[id] ?: notBefore)
                put("lastModifiedDate", modified[id] ?: created[id] ?: notBefore)
                put("customerVersion", 1)
                put("generationId", "1")
                putJsonObject("validity") {
                    put("notBefore", notBefore)
                    put("notAfter", record.certificate.notAfter.time / 1000.0)
                }
                put("certificateMode", "DEFAULT")
            }
        }
    }

    fun update(id: String, r: ApiRequest): JsonObject = synchronized(lock) {
        val record = certificate(id)
        val wanted = when (val s = r.query("newStatus") ?: throw ApiError.invalid("newStatus is required")) {
            "ACTIVE" -> CertificateStatus.ACTIVE
            "INACTIVE" -> CertificateStatus.INACTIVE
            "REVOKED" -> CertificateStatus.REVOKED
            "PENDING_TRANSFER", "REGISTER_INACTIVE", "PENDING_ACTIVATION" ->
                throw ApiError.invalid("The emulator supports the statuses ACTIVE, INACTIVE and REVOKED, not $s")
            else -> throw ApiError.invalid("Invalid newStatus '$s'")
        }
        if (record.status == CertificateStatus.REVOKED && wanted != CertificateStatus.REVOKED) {
            throw ApiError.certificateState("Certificate $id is revoked; a revoked certificate cannot change status")
        }
        registry.setStatus(record, wanted)
        modified[id] = now()
        JsonObject(emptyMap())
    }

    fun delete(id: String, r: ApiRequest): JsonObject = synchronized(lock) {
        val record = certificate(id)
        if (record.status == CertificateStatus.ACTIVE) {
            throw ApiError.certificateState(
                "Certificate $id must be deactivated (INACTIVE or REVOKED) before it is deleted",
            )
        }
        val force = r.queryBoolean("forceDelete") ?: false
        if (record.thingName !=
            null
        ) {
            throw ApiError.deleteConflict("Certificate $id is attached to thing ${record.thingName}")
        }
        val policies = registry.policiesOf(id)
        if (policies.isNotEmpty()) {
            if (!force) throw ApiError.deleteConflict("Certificate $id has policies attached: ${policies.sorted()}")
            policies.forEach { registry.detach(it, id) }
        }
        registry.deleteCertificate(id)
        created.remove(id)
        modified.remove(id)
        JsonObject(emptyMap())
    }

    fun createPolicy(name: String, r: ApiRequest): JsonObject = synchronized(lock) {
        if (!name.matches(POLICY_NAME)) throw ApiError.invalid("Invalid policy name '$name'")
        val document = r.requireString("policyDocument")
        if (registry.policies.containsKey(name)) throw ApiError.alreadyExists("Policy $name already exists")
        val policy = try {
            Policy.parse(name, document)
        } catch (e: IllegalArgumentException) {
            throw ApiError(400, "MalformedPolicyException", e.message ?: "The policy document is malformed")
        }
        registry.policies[name] = policy
        created["policy:$name"] = now()
        buildJsonObject {
            put("policyName", name)
            put("policyArn", arns.of("policy", name))
            put("policyDocument", document)
            put("policyVersionId", "1")
        }
    }

    fun getPolicy(name: String): JsonObject {
        val policy = registry.policies[name] ?: throw ApiError.notFound("Policy $name cannot be found.")
        val at = created["policy:$name"] ?: now()
        return buildJsonObject {
            put("policyName", name)
            put("policyArn", arns.of("policy", name))
            put("policyDocument", policy.document)
            put("defaultVersionId", "1")
            put("creationDate", at)
            put("lastModifiedDate", at)
            put("generationId", "1")
        }
    }

    fun deletePolicy(name: String): JsonObject = synchronized(lock) {
        if (!registry.policies.containsKey(name)) throw ApiError.notFound("Policy $name cannot be found.")
        val targets = registry.targetsOf(name)
        if (targets.isNotEmpty()) {
            throw ApiError.deleteConflict(
                "Policy $name is attached to ${targets.size} target(s); detach it first",
            )
        }
        registry.policies.remove(name)
        created.remove("policy:$name")
        JsonObject(emptyMap())
    }

    fun attachPolicy(name: String, r: ApiRequest): JsonObject {
        if (!registry.policies.containsKey(name)) throw ApiError.notFound("Policy $name cannot be found.")
        registry.attach(name, target(r))
        return JsonObject(emptyMap())
    }

    fun detachPolicy(name: String, r: ApiRequest): JsonObject {
        if (!registry.policies.containsKey(name)) throw ApiError.notFound("Policy $name cannot be found.")
        registry.detach(name, target(r))
        return JsonObject(emptyMap())
    }

    /** A certificate ARN becomes the certificate id the registry attaches to; other targets stay as they are. */
    private fun target(r: ApiRequest): String {
        val target = r.requireString("target")
        val id = arns.nameIn(target, "cert") ?: return target
        if (!registry.certificates.containsKey(id)) throw ApiError.notFound("The certificate $id cannot be found.")
        return id
    }

    private fun certificate(id: String): CertificateRecord {
        if (!id.matches(CERTIFICATE_ID)) throw ApiError.invalid("Invalid certificate id '$id' (64 hex characters)")
        return registry.certificates[id] ?: throw ApiError.notFound("The certificate $id cannot be found.")
    }

    private fun remember(certificate: X509Certificate, active: Boolean): String {
        val id = certificate.certificateId()
        registry.certificates[id] = CertificateRecord(id, null, certificate).apply {
            status = if (active) CertificateStatus.ACTIVE else CertificateStatus.INACTIVE
        }
        created[id] = now()
        return id
    }

    private fun now(): Double = System.currentTimeMillis() / 1000.0

    private fun pem(type: String, der: ByteArray): String =
        "-----BEGIN $type-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
            "\n-----END $type-----\n"

    private companion object {
        val CERTIFICATE_ID = Regex("[0-9a-fA-F]{64}")
        val POLICY_NAME = Regex("[\\w+=,.@-]{1,128}")
    }
}
