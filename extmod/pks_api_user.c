// SPDX-License-Identifier: GPL-2.0
/*
 * A module that uses each call of the PKS API once, at load: a key, its
 * rights (plain, saved and restored, guarded), a page from vmalloc_pks()
 * (whose key set_memory_pkey() changes), and a secret. A build test:
 * loaded, it also works.
 */
#include <linux/module.h>
#include <linux/pkeys.h>
#include <linux/pks_secret.h>
#include <linux/set_memory.h>
#include <linux/vmalloc.h>

static int __init pks_api_user_init(void)
{
	struct pks_secret *secret;
	struct pks_saved saved;
	char buf[8] = "secret";
	int *page, key, ret;

	key = pks_key_alloc("pks_api_user", PKS_FLAG_EXCLUSIVE);
	if (key < 0)
		return key == -EOPNOTSUPP ? 0 : key;
	page = vmalloc_pks(PAGE_SIZE, key);
	ret = page ? set_memory_pkey((unsigned long)page, 1, 0) : -ENOMEM;
	if (!ret)
		ret = set_memory_pkey((unsigned long)page, 1, key);
	if (!ret) {
		pks_mk_readwrite(key);
		*page = 1;
		pks_mk_readonly(key);
		saved = pks_mk_readwrite_save(key);
		*page = 2;
		pks_restore(saved);
		pks_restore(pks_mk_noaccess_save(key));
		pks_restore(pks_mk_readonly_save(key));
		scoped_guard(pks_readwrite, key)
			*page = 3;
		scoped_guard(pks_readonly, key)
			ret = *page == 3 ? 0 : -EIO;
		scoped_guard(pks_noaccess, key)
			barrier();
		pks_mk_noaccess(key);
	}
	vfree(page);
	pks_key_free(key);

	secret = pks_secret_alloc(sizeof(buf));
	if (!secret)
		return ret ?: -ENOMEM;
	if (!ret)
		ret = pks_secret_write(secret, 0, buf, sizeof(buf));
	if (!ret)
		ret = pks_secret_read(secret, 0, buf, sizeof(buf));
	pr_info("pks_api_user: %s, secret %sprotected\n", ret ? "failed" : "ok",
		pks_secret_protected(secret) ? "" : "not ");
	pks_secret_free(secret);
	return ret;
}
module_init(pks_api_user_init);

static void __exit pks_api_user_exit(void)
{
}
module_exit(pks_api_user_exit);

MODULE_DESCRIPTION("Uses every call of the PKS API (a build test)");
MODULE_LICENSE("GPL");
