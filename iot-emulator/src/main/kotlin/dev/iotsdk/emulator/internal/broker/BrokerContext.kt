package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation
import com.hivemq.extension.sdk.api.services.publish.PublishService
import com.hivemq.extension.sdk.api.services.session.ClientService
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.AuthorizerOutcome
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.ConditionKeys
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.ConnectionTable
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import dev.iotsdk.emulator.internal.Registry

/**
 * What every part of the broker extension shares: the registry, the connection table, the event bus, the broker's
 * own services (captured when the extension starts) and the policy check of a connection.
 */
internal class BrokerContext(
    val region: String,
    val accountId: String,
    val registry: Registry,
    val table: ConnectionTable,
    val events: EventBus,
    /** The policy sets temporary credentials need, by access key (see CallerPermissions); `null` for other keys. */
    private val temporaryPolicySets: (String) -> List<List<Policy>>? = { null },
) {
    private val conditionKeys = ConditionKeys(registry)

    /** Marks service answers meant for one connection (see [DeliveryCheck]). */
    val recipients: RecipientMarker = RecipientMarker()

    @Volatile
    lateinit var clientService: ClientService

    @Volatile
    lateinit var publishService: PublishService

    /** Whether the broker has started (its services are captured). */
    val started: Boolean get() = this::clientService.isInitialized

    /** The session the authenticator recorded on [connection], or `null` when it has none (yet). */
    fun sessionOf(connection: ConnectionInformation): ClientSession? =
        connection.connectionAttributeStore.getAsString(SESSION_KEY).orElse(null)?.let { table.sessions[it] }

    /** Records [session] as the session of [connection]. */
    fun bind(connection: ConnectionInformation, session: ClientSession) {
        table.sessions[session.sessionId] = session
        connection.connectionAttributeStore.putAsString(SESSION_KEY, session.sessionId)
    }

    /** `arn:aws:iot:<region>:<account>:<kind>/<name>`. */
    fun arn(kind: String, name: String): String = "arn:aws:iot:$region:$accountId:$kind/$name"

    /**
     * Whether the policies of [session]'s principal allow [action] on [resource]; a denial is reported as
     * [EmulatorEvent.AuthorizationDenied].
     */
    fun isAllowed(session: ClientSession, action: String, resource: String): Boolean {
        val keys = session.conditionKeys ?: conditionKeys.of(
            session.attributes.thingName,
            session.attributes.certificateId,
            session.ipAddress,
        ).also { session.conditionKeys = it }
        val variables = PolicyVariables(
            session.clientId,
            session.attributes.thingName,
            session.attributes.thingName != null,
            keys,
        )
        val sets = session.attributes.accessKeyId?.let(temporaryPolicySets)
            ?: listOf(policiesFor(session.attributes, session.authorizer))
        val allowed = sets.all { PolicyEvaluator.isAllowed(it, action, resource, variables) }
        if (!allowed) events.emit(EmulatorEvent.AuthorizationDenied(session.clientId, action, resource))
        return allowed
    }

    /**
     * The IoT policies of a principal that is not temporary credentials (those are authorized by their role's IAM
     * policies, and an authenticated Cognito identity's attached IoT policies, see CallerPermissions): attached to it,
     * or the default policy.
     */
    private fun policiesFor(attributes: ConnectionAttributes, authorizer: AuthorizerOutcome?): List<Policy> {
        val targets = listOfNotNull(attributes.certificateId, attributes.accessKeyId, authorizer?.principalId)
        val policies = registry.attachedPolicies(targets) + authorizer?.policies.orEmpty()
        return policies.ifEmpty { listOf(registry.defaultPolicy) }
    }

    private companion object {
        const val SESSION_KEY = "iotsdk.emulator.session"
    }
}
