package dev.iotsdk.emulator.internal.runtime

import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.services.builder.Builders
import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish
import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.toPem
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.nio.ByteBuffer
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.util.Base64
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit

/**
 * What survives a restart of an emulator given a data directory (`dataDir`, CLI `--data-dir`): the CA (`ca.pem`,
 * `ca.key`, so certificates issued before stay valid), and in `state.json` the things, certificates (with status and
 * thing), policies and what they are attached to, SigV4 credentials (not the temporary ones, which expire) and which of
 * them is the emulator's own, and the retained messages (topic, QoS, payload; read from and restored into the broker's
 * retained-message store, which stays in memory: no native storage library). Written on close and every few seconds
 * while running (a `kill -9` loses at most that much), atomically (write, then move). Shadows and jobs are not kept.
 */
internal class PersistentState(private val dir: Path) {
    private val state = dir.resolve("state.json")
    private val caKey = dir.resolve("ca.key")
    private val caCert = dir.resolve("ca.pem")

    /** The CA of an earlier run, or a new one (then saved). */
    fun pki(): Pki {
        if (Files.exists(caCert) && Files.exists(caKey)) {
            return Pki.fromPem(Files.readString(caCert), Files.readString(caKey))
        }
        return Pki.create().also {
            writeAtomically(caKey, it.ca.privateKeyPem, secret = true)
            writeAtomically(caCert, it.ca.certificatePem, secret = false)
        }
    }

    /** Loads the saved registry into [registry]; returns the access key id of the emulator's own credentials. */
    fun load(registry: Registry): String? {
        if (!Files.exists(state)) return null
        val root = Json.parseToJsonElement(Files.readString(state)) as JsonObject
        fun strings(key: String) = (root[key] as? JsonArray).orEmpty().map { it.jsonPrimitive.content }
        registry.things += strings("things")
        val factory = CertificateFactory.getInstance("X.509")
        (root["certificates"] as? JsonArray).orEmpty().filterIsInstance<JsonObject>().forEach { c ->
            val pem = c.getValue("pem").jsonPrimitive.content
            val certificate = factory.generateCertificate(pem.byteInputStream()) as X509Certificate
            val id = certificate.certificateId()
            registry.certificates[id] = CertificateRecord(id, c["thingName"]?.jsonPrimitive?.content, certificate)
                .also { it.status = CertificateStatus.valueOf(c.getValue("status").jsonPrimitive.content) }
        }
        (root["policies"] as? JsonObject).orEmpty().forEach { (name, document) ->
            registry.policies[name] = Policy.parse(name, document.jsonPrimitive.content)
        }
        (root["attachments"] as? JsonObject).orEmpty().forEach { (policy, targets) ->
            (targets as JsonArray).forEach { registry.attach(policy, it.jsonPrimitive.content) }
        }
        (root["credentials"] as? JsonArray).orEmpty().filterIsInstance<JsonObject>().forEach { c ->
            val credentials = EmulatorCredentials(
                c.getValue("accessKeyId").jsonPrimitive.content,
                c.getValue("secretAccessKey").jsonPrimitive.content,
                c["sessionToken"]?.jsonPrimitive?.content,
            )
            registry.credentials[credentials.accessKeyId] = credentials
        }
        return root["administrator"]?.jsonPrimitive?.content
    }

    /** Puts the saved retained messages back into [store] (after the broker started). */
    fun restoreRetained(store: RetainedMessageStore) {
        if (!Files.exists(state)) return
        val root = Json.parseToJsonElement(Files.readString(state)) as JsonObject
        (root["retained"] as? JsonArray).orEmpty().filterIsInstance<JsonObject>().forEach { m ->
            val publish = Builders.retainedPublish()
                .topic(m.getValue("topic").jsonPrimitive.content)
                .qos(Qos.valueOf(m.getValue("qos").jsonPrimitive.int))
                .payload(ByteBuffer.wrap(Base64.getDecoder().decode(m.getValue("payload").jsonPrimitive.content)))
                .build()
            store.addOrReplace(publish).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        }
    }

    /**
     * Saves [registry] and the messages in [retained]; credentials [temporary] says are issued ones are left out.
     * Blocks while the broker lists its retained messages (called on the scheduler thread or at close, never on a
     * network thread).
     */
    @Synchronized
    fun save(
        registry: Registry,
        administrator: String?,
        temporary: (String) -> Boolean,
        retained: RetainedMessageStore,
    ) {
        val messages = ConcurrentLinkedQueue<RetainedPublish>()
        retained.iterateAllRetainedMessages { _, m -> messages += m }.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        val json = buildJsonObject {
            putJsonArray("things") { registry.things.sorted().forEach { add(JsonPrimitive(it)) } }
            putJsonArray("certificates") {
                registry.certificates.values.sortedBy { it.certificateId }.forEach { c ->
                    add(
                        buildJsonObject {
                            put("pem", c.certificate.toPem())
                            put("status", c.status.name)
                            c.thingName?.let { put("thingName", it) }
                        },
                    )
                }
            }
            putJsonObject("policies") { registry.policies.forEach { (name, p) -> put(name, p.document) } }
            putJsonObject("attachments") {
                registry.policies.keys.sorted().forEach { name ->
                    put(name, JsonArray(registry.targetsOf(name).sorted().map { JsonPrimitive(it) }))
                }
            }
            putJsonArray("credentials") {
                registry.credentials.values.filter { !temporary(it.accessKeyId) }.forEach { c ->
                    add(
                        buildJsonObject {
                            put("accessKeyId", c.accessKeyId)
                            put("secretAccessKey", c.secretAccessKey)
                            c.sessionToken?.let { put("sessionToken", it) }
                        },
                    )
                }
            }
            administrator?.let { put("administrator", it) }
            putJsonArray("retained") {
                messages.sortedBy { it.topic }.forEach { m ->
                    add(
                        buildJsonObject {
                            put("topic", m.topic)
                            put("qos", m.qos.qosNumber)
                            val bytes = m.payload.map { b -> ByteArray(b.remaining()).also { b.duplicate().get(it) } }
                                .orElse(ByteArray(0))
                            put("payload", Base64.getEncoder().encodeToString(bytes))
                        },
                    )
                }
            }
        }
        writeAtomically(state, json.toString(), secret = true)
    }

    private companion object {
        const val TIMEOUT_SECONDS = 5L
    }

    /** Writes [text] to a temporary file beside [target] (owner-only when [secret]) and moves it into place. */
    private fun writeAtomically(target: Path, text: String, secret: Boolean) {
        val temp = Files.createTempFile(dir, ".${target.fileName}", ".tmp")
        if (secret) {
            runCatching { Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------")) }
        }
        Files.writeString(temp, text)
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
    }
}
