package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables

/**
 * What a SigV4 caller may do, by its access key: temporary credentials the emulator issued (role aliases, Cognito) have
 * the IAM policies of their role ([IamRoles]), or [defaultRolePolicy] when the role has none; any other registered
 * key is the administrator's long-term credentials (an IAM user allowed everything, the identity for setup). Expiry
 * is checked where the signature is verified (an expired key is not found); this decides the action.
 *
 * IAM evaluation: an explicit Deny wins, then an Allow; nothing allowed is denied (IAM User Guide, "Policy evaluation
 * logic", for a single account without boundaries or session policies).
 */
internal class CallerPermissions(
    val accountId: String,
    private val issued: IssuedCredentials,
    private val roles: IamRoles,
    private val defaultRolePolicy: Policy,
    /** The IoT policies attached to a target (the default policy when none), for authenticated Cognito identities. */
    private val iotPolicies: (String) -> List<Policy> = { emptyList() },
) {
    /** The role's policies for temporary credentials; `null` for the administrator's keys (no limit). */
    fun policiesOf(accessKeyId: String): List<Policy>? {
        val session = issued.session(accessKeyId) ?: return null
        return session.roleArn?.let(roles::policiesOf) ?: listOf(defaultRolePolicy)
    }

    /**
     * The policy sets that must each allow an AWS IoT data action (MQTT, the data plane): the role's policies and, for
     * credentials of an authenticated Cognito identity, the IoT policies attached to the identity id (DG
     * "Authorization with Amazon Cognito identities": "you need to specify permissions in two places"); `null` for the
     * administrator's keys.
     */
    fun dataPolicySets(accessKeyId: String): List<List<Policy>>? {
        val role = policiesOf(accessKeyId) ?: return null
        val identity = issued.session(accessKeyId)?.identityId ?: return listOf(role)
        return listOf(role, iotPolicies(identity))
    }

    /** Whether the caller of [accessKeyId] may do [action] on [resource] (IAM variables: none of IoT's). */
    fun isAllowed(accessKeyId: String, action: String, resource: String): Boolean {
        val policies = policiesOf(accessKeyId) ?: return true
        return PolicyEvaluator.isAllowed(policies, action, resource, PolicyVariables(null, null, false))
    }

    /** [isAllowed] for an AWS IoT data action: every set of [dataPolicySets] must allow it. */
    fun isAllowedData(accessKeyId: String, action: String, resource: String): Boolean =
        dataPolicySets(accessKeyId)?.all {
            PolicyEvaluator.isAllowed(it, action, resource, PolicyVariables(null, null, false))
        } ?: true

    /**
     * The caller as AWS names it in an AccessDenied message: `arn:aws:sts::<account>:assumed-role/<role>/<session>`
     * for temporary credentials, the account's user otherwise. Never the key or the token.
     */
    fun callerArn(accessKeyId: String): String {
        val session = issued.session(accessKeyId) ?: return "arn:aws:iam::$accountId:user/emulator-admin"
        val role = session.roleArn?.let(IamRoles::roleName) ?: "no-role"
        return "arn:aws:sts::$accountId:assumed-role/$role/${session.sessionName}"
    }

    /** AWS's AccessDenied text for [action] on [resource]. */
    fun deniedMessage(accessKeyId: String, action: String, resource: String): String =
        "User: ${callerArn(accessKeyId)} is not authorized to perform: $action on resource: $resource"
}
