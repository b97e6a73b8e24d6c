// Run: npx tsx samples/typescript-repo/main.ts
import { Repo } from './repo.js';
import { UserRepo } from './user-repo.js';

const users = new UserRepo()
  .add({ id: 'u1', name: 'Ada', email: 'ada@example.com' })
  .add({ id: 'u2', name: 'Linus', email: 'linus@example.com' });

console.log(`users: ${users.count()}`);
for (const line of users.report()) console.log(line);
console.log(`found: ${users.findByEmail('linus@example.com')?.name}`);
console.log(`missing: ${users.get('u9') === undefined}`);

const tags = new Repo<{ id: string }>('tags').add({ id: 'ts' }).add({ id: 'js' });
console.log(tags.report().join(', '));
console.log(`repos created: ${Repo.created()}`);
