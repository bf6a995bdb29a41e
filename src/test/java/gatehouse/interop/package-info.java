/**
 * docs/java-ee-apps.md in black-box tests: other Jakarta EE applications on the same server use
 * Gatehouse's users (Jakarta Security's database identity store) and tokens
 * (MicroProfile JWT) with no Gatehouse class in them. The applications are built
 * here with ShrinkWrap and deployed beside Gatehouse in one Payara Micro.
 */
package gatehouse.interop;
