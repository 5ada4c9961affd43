package dev.iotsdk.emulator.internal.runtime

import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.services.builder.Builders
import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish
import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.EmulatorStateException
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.toPem
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.intOrNull
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
 * retained-message store, which stays in memory: no native storage library), and under `"parts"` one section per
 * service ([StatePart]: shadows, jobs, provisioning templates, role aliases, …). Written on close and every few
 * seconds while running (a `kill -9` loses at most that much), atomically (write, then move).
 *
 * The file carries `"version"` ([FORMAT_VERSION]; a file without one is version 1, which had no parts). A file that is
 * not JSON, a malformed section or a newer version is an [EmulatorStateException], and then nothing is ever saved over
 * the file (the user's state is not replaced by an empty one).
 */
internal class PersistentState(private val dir: Path) {
    private val state = dir.resolve("state.json")
    private val caKey = dir.resolve("ca.key")
    private val caCert = dir.resolve("ca.pem")

    /** The file as read at start (`null`: none yet). */
    private var root: JsonObject? = null

    /** Whether reading the file succeeded (or there was none): only then may [save] write it. */
    @Volatile
    private var readable = false

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
        if (!Files.exists(state)) {
            readable = true
            return null
        }
        val root = read()
        return section("registry", version(root)) { loadRegistry(root, registry) }
    }

    /** Hands each of [parts] its saved section (a part with none starts empty); then the file may be saved over. */
    fun restore(parts: List<StatePart>) {
        val saved = root?.get("parts") as? JsonObject
        val version = root?.let { version(it) }
        for (part in parts) {
            saved?.get(part.key)?.let { section(part.key, version) { part.restore(it) } }
        }
        readable = true
    }

    private fun read(): JsonObject {
        val parsed = try {
            Json.parseToJsonElement(Files.readString(state))
        } catch (
            @Suppress("SwallowedException") e: SerializationException,
        ) {
            // the parser's message quotes the file, which holds keys: only say where
            throw EmulatorStateException(state, null, null, "$state is not JSON; move it away to start empty")
        }
        val root = parsed as? JsonObject
            ?: throw EmulatorStateException(state, null, null, "$state is not a JSON object")
        val version = version(root)
        if (version > FORMAT_VERSION) {
            throw EmulatorStateException(
                state,
                null,
                version,
                "$state has format version $version; this emulator reads up to $FORMAT_VERSION (use a newer one)",
            )
        }
        this.root = root
        return root
    }

    private fun version(root: JsonObject): Int {
        val v = root["version"] ?: return 1
        return (v as? JsonPrimitive)?.intOrNull?.takeIf { it >= 1 }
            ?: throw EmulatorStateException(state, null, null, "$state has an invalid \"version\"")
    }

    /** Runs [read] of section [name]; any failure becomes an [EmulatorStateException] naming the section only. */
    private fun <T> section(name: String, version: Int?, read: () -> T): T = try {
        read()
    } catch (
        @Suppress("TooGenericExceptionCaught", "SwallowedException") e: RuntimeException,
    ) {
        // messages of parsers and casts may quote the content (keys, tokens): only the exception's type is kept
        throw EmulatorStateException(
            state,
            name,
            version,
            "section '$name' of $state is malformed (${e.javaClass.simpleName}); move the file away to start empty",
        )
    }

    private fun loadRegistry(root: JsonObject, registry: Registry): String? {
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
        val root = root ?: return
        val messages = section("retained", version(root)) { retainedOf(root) }
        messages.forEach { store.addOrReplace(it).get(TIMEOUT_SECONDS, TimeUnit.SECONDS) }
    }

    private fun retainedOf(root: JsonObject): List<RetainedPublish> =
        (root["retained"] as? JsonArray).orEmpty().filterIsInstance<JsonObject>().map { m ->
            Builders.retainedPublish()
                .topic(m.getValue("topic").jsonPrimitive.content)
                .qos(Qos.valueOf(m.getValue("qos").jsonPrimitive.int))
                .payload(ByteBuffer.wrap(Base64.getDecoder().decode(m.getValue("payload").jsonPrimitive.content)))
                .build()
        }

    /**
     * Saves [registry], the messages in [retained] and each of [parts]; credentials [temporary] says are issued ones
     * are left out. Blocks while the broker lists its retained messages (called on the scheduler thread or at close,
     * never on a network thread). Does nothing when the file could not be read at start.
     */
    @Synchronized
    fun save(
        registry: Registry,
        administrator: String?,
        temporary: (String) -> Boolean,
        retained: RetainedMessageStore,
        parts: List<StatePart>,
    ) {
        if (!readable) return
        val messages = ConcurrentLinkedQueue<RetainedPublish>()
        retained.iterateAllRetainedMessages { _, m -> messages += m }.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        val json = buildJsonObject {
            put("version", FORMAT_VERSION)
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
            putJsonObject("parts") { parts.forEach { put(it.key, it.save()) } }
        }
        writeAtomically(state, json.toString(), secret = true)
    }

    companion object {
        /** The format [save] writes: 2 added `"version"` and `"parts"`. */
        const val FORMAT_VERSION: Int = 2
        private const val TIMEOUT_SECONDS = 5L
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
