package dev.iotsdk.emulator.internal.runtime

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.EmulatorAdmin
import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.controlplane.Arns
import java.nio.file.Files
import java.security.SecureRandom
import java.util.concurrent.TimeUnit

/** [EmulatorAdmin] on the [runtime]'s registry, connection table and broker. */
internal class AdminService(private val runtime: EmulatorRuntime) : EmulatorAdmin {
    private val registry get() = runtime.registry
    private val table get() = runtime.table

    override fun registerThing(thingName: String): DeviceIdentity {
        require(thingName.matches(THING_NAME)) { "invalid thing name '$thingName' (allowed: [a-zA-Z0-9:_-]{1,128})" }
        val issued = runtime.pki.issueDeviceCertificate(thingName)
        val id = issued.certificate.certificateId()
        registry.things += thingName
        registry.certificates[id] = CertificateRecord(id, thingName, issued.certificate)
        val fileBase = thingName.replace(':', '_')
        val certPath = runtime.dataDir.resolve("$fileBase.cert.pem")
        val keyPath = runtime.dataDir.resolve("$fileBase.private.key")
        Files.writeString(certPath, issued.certificatePem)
        Files.writeString(keyPath, issued.privateKeyPem)
        return DeviceIdentity(thingName, id, issued.certificatePem, issued.privateKeyPem, certPath, keyPath)
    }

    override fun things(): Set<String> = LinkedHashSet(registry.things)

    override fun createPolicy(name: String, document: String) {
        registry.policies[name] = Policy.parse(name, document)
    }

    override fun attachPolicy(policyName: String, target: String) {
        registry.attach(policyName, principal(target))
    }

    override fun detachPolicy(policyName: String, target: String) {
        registry.detach(policyName, principal(target))
    }

    /**
     * The principal policies attach to: a certificate ARN (what AWS IoT's AttachPolicy takes; any region and account)
     * becomes its certificate id, as the control plane's AttachPolicy does; any other target stays as it is.
     */
    private fun principal(target: String): String {
        val id = Arns(runtime.config.region, runtime.config.accountId).nameIn(target, "cert") ?: return target
        require(registry.certificates.containsKey(id)) { "no certificate with id $id" }
        return id
    }

    override fun setCertificateStatus(certificateId: String, status: CertificateStatus) {
        val record = requireNotNull(registry.certificates[certificateId]) { "unknown certificate $certificateId" }
        registry.setStatus(record, status)
    }

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

    override fun registerAuthorizer(authorizer: CustomAuthorizer) {
        registry.authorizers[authorizer.name] = authorizer
    }

    override fun disconnectClient(clientId: String): Boolean {
        val sessionId = table.sessionByClientId[clientId] ?: return false
        table.sessions[sessionId]?.disconnectReason = "API_INITIATED_DISCONNECT"
        return runtime.extension.clientService.disconnectClient(clientId).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
    }

    // copied with a constructor: Kotlin's toSet() of a concurrent set that shrinks meanwhile can throw
    override fun connectedClients(): Set<String> = LinkedHashSet(table.sessionByClientId.keys)

    override fun publish(topic: String, payload: ByteArray, qos: Int, retain: Boolean) {
        require(qos == 0 || qos == 1) { "qos must be 0 or 1" }
        runtime.extension.publish(topic, payload, qos, retain)
    }

    /** Registers random long-term credentials: the account administrator's (`AKIA…`). */
    fun registerAdministrator(): EmulatorCredentials {
        val saved = runtime.savedAdministrator?.let { registry.credentials[it] }
        val credentials = saved ?: registerCredentials(
            "AKIA" + (1..KEY_ID_CHARS).map { KEY_ALPHABET[random.nextInt(KEY_ALPHABET.length)] }.joinToString(""),
            (1..SECRET_CHARS).map { SECRET_ALPHABET[random.nextInt(SECRET_ALPHABET.length)] }.joinToString(""),
            null,
        )
        runtime.administrator = credentials.accessKeyId
        return credentials
    }

    /**
     * The topic filters the connected client [clientId] holds now (empty when it is not connected). Copied with a
     * constructor: Kotlin's `toSet()` reads the size first and then the elements, and throws when an UNSUBSCRIBE
     * removes the last one in between.
     */
    fun subscriptionsOf(clientId: String): Set<String> =
        table.sessionByClientId[clientId]?.let { id -> table.sessions[id]?.subscriptions?.let(::LinkedHashSet) }
            ?: emptySet()

    companion object {
        /** AWS IoT's thing name pattern (also for thing groups). */
        val THING_NAME: Regex = Regex("[a-zA-Z0-9:_-]{1,128}")
        private const val TIMEOUT_SECONDS = 5L
        private const val KEY_ID_CHARS = 16
        private const val SECRET_CHARS = 40
        private const val KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        private const val SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        private val random = SecureRandom()
    }
}
