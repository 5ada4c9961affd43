package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.internal.Policy
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap

/** An IAM role of the emulator: its name, ARN, creation time and inline policies by name (documents kept as given). */
internal class IamRole(val name: String, val arn: String, val created: Instant = Instant.now()) {
    val policies: ConcurrentHashMap<String, Policy> = ConcurrentHashMap()
}

/**
 * The emulator's IAM roles and their inline policies (IAM `CreateRole`, `PutRolePolicy`, …), which temporary
 * credentials issued for a role (role aliases, Cognito identity pools) are authorized by. Roles are keyed by name,
 * as IAM keys them in an account (a role ARN's path does not make another role). The documents are IAM policies in the
 * grammar the emulator's policy evaluator reads: `Effect`, `Action`, `Resource` with `*`/`?` wildcards and `Condition`
 * blocks (`NotAction`, `NotResource` and `Principal` are not read).
 */
internal class IamRoles(val accountId: String) {
    /** The roles by name; [IamRolesStatePart] saves them. */
    internal val roles = ConcurrentHashMap<String, IamRole>()

    /** Creates role [name]; `null` when one of that name exists. */
    fun create(name: String, path: String = "/"): IamRole? {
        val role = IamRole(name, "arn:aws:iam::$accountId:role${path.trimEnd('/')}/$name")
        return role.takeIf { roles.putIfAbsent(name, it) == null }
    }

    /** The role named [name]. */
    fun get(name: String): IamRole? = roles[name]

    /** The role [roleArn] names (by its last path element, the role name), creating it when [create]. */
    fun byArn(roleArn: String, create: Boolean = false): IamRole? {
        val name = roleName(roleArn) ?: return null
        return if (create) roles.computeIfAbsent(name) { IamRole(name, roleArn) } else roles[name]
    }

    /** Deletes role [name]; `false` when there is none. */
    fun delete(name: String): Boolean = roles.remove(name) != null

    /**
     * The inline policies of the role [roleArn], or `null` when the emulator has no such role or the role has no
     * policy (the caller then applies its default).
     */
    fun policiesOf(roleArn: String): List<Policy>? = byArn(roleArn)?.policies?.values?.let(::ArrayList)?.takeIf {
        it.isNotEmpty()
    }

    companion object {
        private val ROLE_ARN = Regex("arn:aws[\\w-]*:iam::\\d{12}:role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})")

        /** The role name of an IAM role ARN, or `null` when [roleArn] is not one. */
        fun roleName(roleArn: String): String? = ROLE_ARN.matchEntire(roleArn)?.groupValues?.get(1)
    }
}
