#!/bin/sh
# Made once with the vectax CLI of main at 533e47d (before the files library), run from this folder as
#   VECTAX="dotnet <main build>/VectaX.Cli.dll" sh make.sh
# Keys and ciphertexts are random; the tests read these files as they are and check what the old CLI wrote. store.vxs
# holds RBAC headers of version 3, which version 4 no longer reads: the tests check that it says so, and ingest anew
# with the old key and authority to compare search.txt.
set -e
V=${VECTAX:?set VECTAX to the old vectax command}
rm -f key.vxk authority.json user.key store.vxs* enc.* meta.* dec.* search.txt
printf '%s\n' '[0.5, -1.25, 2, 0.125, 3.5, -0.75, 1, 0.0625]' '[1, 2, 3, 4, 5, 6, 7, 8]' '[-0.3, 0.7, -1.1, 1.9, 0.01, -2.5, 4.25, 0.2]' > vectors.jsonl
$V keygen --dim 8 --key-id 7 --out key.vxk
$V encrypt --key key.vxk --in vectors.jsonl --out enc.npy --meta meta.npy.jsonl
$V encrypt --key key.vxk --in vectors.jsonl --out enc.fvecs --meta meta.fvecs.jsonl
$V decrypt --key key.vxk --in enc.npy --meta meta.npy.jsonl --out dec.npy
$V decrypt --key key.vxk --in enc.fvecs --meta meta.fvecs.jsonl --out dec.fvecs
$V decrypt --key key.vxk --in enc.npy --meta meta.npy.jsonl --out dec.jsonl
$V rbac authority --vocabulary "roles=admin,analyst;departments=research,finance" --out authority.json
$V rbac issue --authority authority.json --attributes "roles=analyst;departments=finance" --out user.key
$V ingest --key key.vxk --in vectors.jsonl --authority authority.json --policy "departments=finance" --store store.vxs --start-id 1
$V search --user-key user.key --query vectors.jsonl -k 2 --store store.vxs > search.txt
rm -f store.vxs.lock
