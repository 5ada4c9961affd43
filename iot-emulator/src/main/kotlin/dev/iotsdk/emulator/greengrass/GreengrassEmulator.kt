package dev.iotsdk.emulator.greengrass

import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.ServerNames
import dev.iotsdk.emulator.internal.frontdoor.BrokerRelay
import dev.iotsdk.emulator.internal.greengrass.ConnectivityRecord
import dev.iotsdk.emulator.internal.greengrass.CoreListener
import dev.iotsdk.emulator.internal.greengrass.DiscoveryService
import dev.iotsdk.emulator.internal.greengrass.GroupRecord
import dev.iotsdk.emulator.internal.http.HttpServices
import io.netty.channel.nio.NioEventLoopGroup
import io.netty.util.concurrent.DefaultThreadFactory
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

/**
 * Greengrass in the emulator: groups (each with its own group CA and one core), which things belong to them, the
 * cores' connectivity entries, the discovery endpoint (`GET /greengrass/discover/thing/<thing>` on
 * [dev.iotsdk.emulator.IotEmulator.port8443], and on `port443` with ALPN `x-amzn-http-ca`), and test "cores": MQTT
 * endpoints whose server certificate is signed by the group CA, relaying to the emulator's broker.
 *
 * ```kotlin
 * val device = emulator.registerThing("gg-device")
 * val group = emulator.greengrass.createGroup("group-1")
 * emulator.greengrass.addThingToGroup("gg-device", group.groupId)
 * val core = emulator.greengrass.startCore(group.groupId) // adds 127.0.0.1:<port> to the group's connectivity
 * ```
 * Every method may be called from any thread.
 */
public class GreengrassEmulator internal constructor(
    private val registry: Registry,
    private val relay: BrokerRelay,
    private val events: EventBus,
    private val deviceCa: Pki,
    private val region: String,
    private val accountId: String,
    http: HttpServices,
) {
    internal val service: DiscoveryService = DiscoveryService(registry, region, accountId).also { svc ->
        http.register(DiscoveryService.PREFIX) { svc.handle(it) }
    }

    /** Each group's CA (key and certificate); [GreengrassStatePart] saves them with the groups. */
    internal val groupPkis: ConcurrentHashMap<String, Pki> = ConcurrentHashMap()
    private val cores = CopyOnWriteArrayList<CoreListener>()
    private val loop by lazy { NioEventLoopGroup(1, DefaultThreadFactory("iot-emulator-greengrass-core", true)) }

    /**
     * Creates group [groupId] with a new group CA (EC P-256) and the core thing [coreThingName] (registered as a thing
     * without a certificate). Connectivity starts empty: add entries with [setConnectivity] or [startCore].
     * @throws IllegalArgumentException when the group exists.
     */
    @JvmOverloads
    public fun createGroup(
        groupId: String = UUID.randomUUID().toString(),
        coreThingName: String = "${groupId}_Core",
    ): EmulatedGreengrassGroup {
        val pki = Pki.create()
        val arn = "arn:aws:iot:$region:$accountId:thing/$coreThingName"
        require(service.groups.putIfAbsent(groupId, GroupRecord(groupId, arn, listOf(pki.ca.certificatePem))) == null) {
            "group $groupId exists"
        }
        groupPkis[groupId] = pki
        registry.things += coreThingName
        return EmulatedGreengrassGroup(groupId, arn, pki.ca.certificatePem)
    }

    /**
     * Adds thing [thingName] to group [groupId] (AWS: at most 10 groups per device). @throws IllegalArgumentException
     * for an unknown group.
     */
    public fun addThingToGroup(thingName: String, groupId: String) {
        group(groupId)
        val list = service.memberships.computeIfAbsent(thingName) { CopyOnWriteArrayList() }
        require(groupId in list || list.size < MAX_GROUPS) { "a thing can be in at most $MAX_GROUPS groups" }
        if (groupId !in list) list += groupId
    }

    /** Removes thing [thingName] from group [groupId]; discovery then answers 404 once it is in no group. */
    public fun removeThingFromGroup(thingName: String, groupId: String) {
        service.memberships[thingName]?.remove(groupId)
    }

    /** Replaces the connectivity entries of the core of [groupId] (most preferred first). */
    public fun setConnectivity(groupId: String, entries: List<EmulatedConnectivity>) {
        val g = group(groupId)
        g.connectivity.clear()
        g.connectivity.addAll(entries.map { ConnectivityRecord(it.id, it.hostAddress, it.portNumber, it.metadata) })
    }

    /** The connectivity entries of the core of [groupId]. */
    public fun connectivity(groupId: String): List<EmulatedConnectivity> =
        group(groupId).connectivity.map { EmulatedConnectivity(it.id, it.hostAddress, it.portNumber, it.metadata) }

    /**
     * Replaces the CA PEMs the discovery answer lists for [groupId] (for tests of bad CAs); the group CA that signs
     * the core certificate does not change.
     */
    public fun setGroupCas(groupId: String, pems: List<String>) {
        group(groupId).cas = pems.toList()
    }

    /**
     * Starts the core of [groupId]: a loopback MQTT-over-TLS endpoint whose certificate (SAN `localhost`,
     * `127.0.0.1`, `::1`) is signed by the group CA, accepting ACTIVE device certificates of the emulator CA and
     * relaying to the emulator's broker (events name the listener `greengrass-core`). With [addConnectivity], an
     * entry `AUTOIP_127.0.0.1_<n>` for it is appended to the group's connectivity. Stopped by the emulator's close.
     */
    @JvmOverloads
    public fun startCore(groupId: String, addConnectivity: Boolean = true): RunningGreengrassCore {
        val g = group(groupId)
        val pki = groupPkis.getValue(groupId)
        val listener = CoreListener(
            pki.issueServerCertificate(ServerNames.CORE),
            pki.ca.certificate,
            deviceCa.ca.certificate,
            registry,
            relay,
            events,
            loop,
        )
        cores += listener
        val entry = EmulatedConnectivity("AUTOIP_127.0.0.1_${g.connectivity.size}", "127.0.0.1", listener.port, "")
        if (addConnectivity) {
            g.connectivity +=
                ConnectivityRecord(entry.id, entry.hostAddress, entry.portNumber, entry.metadata)
        }
        return RunningGreengrassCore(groupId, listener.port, entry)
    }

    /** The next [requests] discovery requests (after authentication) are answered 429 Too Many Requests. */
    public fun throttleDiscovery(requests: Int) {
        require(requests >= 0) { "requests must be >= 0" }
        service.throttled.set(requests)
    }

    /** How many discovery requests reached the endpoint so far (any outcome). */
    public val discoveryRequests: Int get() = service.requests.get()

    /**
     * The group whose core is thing [coreThingName]; a registered thing that is not yet a core becomes a Greengrass
     * v2 core device, group `greengrassV2-coreDevice-<thing>` (the group id AWS's discovery answers for v2 cores), so
     * the AWS CLI and SDKs can declare cores (UpdateConnectivityInfo, BatchAssociateClientDeviceWithCoreDevice).
     * `null` for a thing the emulator does not know.
     */
    @Synchronized
    internal fun coreDeviceGroup(coreThingName: String): String? = groupIdOfCore(coreThingName)
        ?: if (coreThingName in registry.things) {
            createGroup("${DiscoveryService.V2_GROUP_PREFIX}$coreThingName", coreThingName).groupId
        } else {
            null
        }

    /** The group whose core is thing [coreThingName], or `null` (used by the control-plane Greengrass APIs). */
    internal fun groupIdOfCore(coreThingName: String): String? =
        service.groups.values.firstOrNull { it.coreThingArn.endsWith(":thing/$coreThingName") }?.groupId

    /** The things in group [groupId]. */
    internal fun membersOf(groupId: String): List<String> =
        service.memberships.filterValues { groupId in it }.keys.sorted()

    private fun group(groupId: String): GroupRecord = service.groups[groupId]
        ?: throw IllegalArgumentException("no Greengrass group $groupId; create it with createGroup")

    internal fun close() {
        cores.forEach { runCatching { it.close() } }
        if (cores.isNotEmpty()) loop.shutdownGracefully(0, 1, TimeUnit.SECONDS)
    }

    private companion object {
        const val MAX_GROUPS = 10
    }
}
