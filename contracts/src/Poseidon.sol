// SPDX-License-Identifier: Apache-2.0
// GENERATED FILE, do not edit: prover::poseidon_sol::poseidon_libraries (prover/src/poseidon_sol.rs)
// wrote it from the constants of circuits::poseidon (circomlib's optimised form).
// Regenerate: UPDATE_FIXTURES=1 cargo test -p prover --test exit_fixture.
pragma solidity ^0.8.24;

// Poseidon over BN254's scalar field with circomlib's parameters, equal to circomlibjs's
// poseidon([...]) and to the rollup circuit's hash:
//   PoseidonT3.hash([a, b])        = Poseidon(a, b)         (Merkle nodes)
//   PoseidonT5.hash([a, b, c, d])  = Poseidon(a, b, c, d)   (account leaves, the state root)
// Inputs are taken modulo p (any uint256 is accepted); the output is reduced (< p).
// The permutation is unrolled, all constants are literals (those used three times or more are
// stored in memory at the start and read back), and the state stays on the stack with lazy
// reductions (prover/src/poseidon_sol.rs explains them). PoseidonT5's permutation is
// too large for one contract (EIP-170), so it is split over PoseidonT5Part1 and PoseidonT5Part2;
// PoseidonT5.hash is internal and calls both. The libraries with external functions
// (PoseidonT3, PoseidonT5Part1, PoseidonT5Part2) are deployed once and linked into callers.

/// @notice Poseidon with 2 inputs (width 3): `hash(inputs)` = circomlib's Poseidon(inputs),
/// inputs taken modulo p.
library PoseidonT3 {
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    function hash(uint256[2] calldata inputs) external pure returns (uint256 out) {
        assembly ("memory-safe") {
            let p := P
            mstore(0x80, 0x109b7f411ba0e4c9b2b70caf5c36a7b194be7c11ad24378bfedb68592ba8118b)
            mstore(0xa0, 0x16ed41e13bb9c0c66ae119424fddbcbc9314dc9fdbdeea55d6c64543dc4903e0)
            mstore(0xc0, 0x2b90bba00fca0589f617e7dcbfe82e0df706ab640ceb247b791a93b74e36736d)
            mstore(0xe0, 0x2969f27eed31a480b9c36c764379dbca2cc8fdd1415c3dded62940bcde0bd771)
            mstore(0x100, 0x2e2419f9ec02ec394c9871c832963dc1b89d743c8c7b964029b2311687b1fe23)
            mstore(0x120, 0x101071f0032379b697315876690f053d148d4e109f5fb065c8aacc55a0f89bfa)
            mstore(0x140, 0x143021ec686a3f330d5f9e654638065ce6cd79e28c5b3753326244ee65a1b1a7)
            mstore(0x160, 0x176cc029695ad02582a70eff08a6fd99d057e12e58e7d7b6b16cdfabc8ee2911)
            mstore(0x180, 0x19a3fc0a56702bf417ba7fee3802593fa644470307043f7773279cd71d25d5e0)
            let s0 := 0x0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6e
            let s1 := addmod(calldataload(inputs), 0x00f1445235f2148c5986587169fc1bcd887b08d4d00868df5696fff40956e864, p)
            let s2 := addmod(calldataload(add(inputs, 0x20)), 0x08dff3487e8ac99e1f29a058d0fa80b930c728730b7ab36ce879f3890ecf73f5, p)
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x084d520e4e5bb469e1f9075cb7c490efa59565eedae2d00ca8ef88ceea2b0197)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x2d15d982d99577fa33da56722416fd734b3e667a2f9f15d8eb3e767ae0fd811e)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x0ed2538844aba161cf1578a43cf0364e91601f6536a5996d0efbe65632c41b6d)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2600c27d879fbca186e739e6363c71cf804c877d829b735dcc3e3af02955e60a)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x28f8bd44a583cbaa475bd15396430e7ccb99a5517440dfd970058558282bf2c5)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x09cd7d4c380dc5488781aad012e7eaef1ed314d7f697a5572d030c55df153221)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x11bb6ee1291aabb206120ecaace460d24b6713febe82234951e2bee7d0f855f5)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x2d74e8fa0637d9853310f3c0e3fae1d06f171580f5b8fd05349cadeecfceb230)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x2735e4ec9d39bdffac9bef31bacba338b1a09559a511a18be4b4d316ed889033)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0f03c1e9e0895db1a5da6312faa78e971106c33f826e08dcf617e24213132dfd)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x17094cd297bf827caf92920205b719c18741090b8f777811848a7e9ead6778c4)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x0db8f419c21f92461fc2b3219465798348df90d4178042c81ba7d4b4d559e2b8)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, 0x1e6f20a11d1e31e43f83dcedddb9a0236203f5f24ae72c925a8a79a66831f51d, p), mulmod(s1, 0x2d51ba82c8073c6d6bacf1ad5e56655b7143625b0a9e9c3190527a1a5f05079a, p)), mulmod(s2, 0x11e12a40d262ae88e8376f62d19edf43093cdef1ccf34d985a3e53f0bc5765a0, p))
                s2 := add(add(mulmod(s0, 0x1bd8c528472e57bdc722a141f8785694484f426725403ae24084e3027e782467, p), mulmod(s1, 0x1b07d6d51e6f7e97e0ab10fc2e51ea83ce0611f940ff0731b5f927fe8d6a77c9, p)), mulmod(s2, 0x221c170e4d02a2479c6f3e47b5ff55781574f980d89038308a3ef37cce8463bd, p))
                s0 := n0
                s1 := n1
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x243443613f64ffa417427ed5933fcfbc66809db60b9ca1724a22709ceceeece2)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x03f0815ab463f1b76ee25a9b8768b3231a89752f427f4f063ab718e707576b31, p)), mulmod(s2, 0x15648bf46f60d82954c7e33029b3617357012a3d3b1d34c8e008859f1dbfb317, p))
                s1 := add(s1, mulmod(s0, 0x127e00c2253de07818ca7f2eafdd7564d05ea850cf61f1daa0cfefbf7fbfba85, p))
                s2 := add(s2, mulmod(s0, 0x066365afd18a41ef9382fc0b1d265cb4d3ce470a8cbbb878f7d48051630747bd, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x22af49fbfd5d7e9fcd256c25c07d3dd8ecbbae6deecd03aa04bb191fada75411)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x219d14f823513140dc69a96f7fe7e086f4fa24c84e57dcf2b099715c4404aae7, p)), mulmod(s2, 0x03a30bfbbf2cb86d4a6a63a8050d91f9f14f4d33696d37ebaefa9ac2302132d5, p))
                s1 := add(s1, mulmod(s0, 0x2121bbcdeaa33a35b0270fb7d5c9f94edad5a84d74b06e3385104b0b41935bcc, p))
                s2 := add(s2, mulmod(s0, 0x196b544fbeb0a792cfbb82c289e579b7cd5580c2e338a389d053ef8b3d10e70e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x14fbd37fa8ad6e4e0c78a20d93c7230c4677f797b4327323f7f7c097c19420e0)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2809c3a1547c0cee89c1db270ef479c26973ec73edb4bd4e7d907ea0202f560f, p)), mulmod(s2, 0x11c34446b083ef92ca157585a02b8b342a4c67175b31f4b5d40d4e96dfc5c8f1, p))
                s1 := addmod(s1, mulmod(s0, 0x253ea0b33a8bf3b2367c030e3289cbe0f6242ad7709d90b86d9d8026e2e39925, p), p)
                s2 := addmod(s2, mulmod(s0, 0x30467dc1930f6afe90c89d4007ad29fc4f5a19c006d1030438c16df85637bd5f, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x15a9298bbb882534d4b2c9fbc6e4ef4189420c4eb3f3e1ea22faa7e18b5ae625)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2f9d4b55495f7e377e20e6f5a3a88af7aa6a536458b38bbe13c8ebfbbba54f44, p)), mulmod(s2, 0x1d9e9d5c736e3151f11d36d499e7e093d8ee2353be18aad54cfd03ff0feac4b8, p))
                s1 := add(s1, mulmod(s0, 0x124b617b43e598f9ebf622f7823a3de7d1bfedb87e097c315f343de301e54841, p))
                s2 := add(s2, mulmod(s0, 0x198e7cfc66ae45774055cf073bedc945a5f9c5b19cae08d789cc5748ffe199b2, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2f7de75f23ddaaa5221323ebceb2f2ac83eef92e854e75434c2f1d90562232bc)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2eac25b3498dfadffd124ab3aad57789eb945ba57443099c5bb6c27ed977fe24, p)), mulmod(s2, 0x1ee02c175cdfe1871b378305c1bb9c904e8af1d4454ed3550b3c6ab5f4f90126, p))
                s1 := add(s1, mulmod(s0, 0x0616f8c34c607266b29ea8f9d2dfa47ff6fbb1d9745c48609fa98301d0f679d5, p))
                s2 := add(s2, mulmod(s0, 0x181d68b0a188504958b9f19cbbdb972a853e51ed385e4883a43a42832803370b, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x036a4432a868283b78a315e84c4ae5aeca216f2ff9e9b2e623584f7479cd5c27)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d5397ce863464a25d6b7f5b015d579181d1ce2f24cbabf6059e9327f5ba7004, p)), mulmod(s2, 0x15bf817491b94d71e8912940cc0b80277713e7d32da2b6591724d8dbd4bc2618, p))
                s1 := add(s1, mulmod(s0, 0x2a7cbd11460b177ab76feab28b69485ac8cc687740bc910994a3827d29c08714, p))
                s2 := add(s2, mulmod(s0, 0x0f7cd5ffa4661730ab56e447fae5cc1763cb462da80a85614c237b290de9d502, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2180d7786a8cf810e277218ab14a11e5e39f3c962f11e860ae1c5682c797de5c)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0e0766004b4c4176eb13273508eb6575f768137d86d305be644ce04531008100, p)), mulmod(s2, 0x0625fa7145813481f6d148be6b9c8bb7b54ee3c1afac00104e1f763000b9924c, p))
                s1 := add(s1, mulmod(s0, 0x007c5472508b459916ee0f5461aad2e0b19cd9c7b184f515b65136318ce2c6a5, p))
                s2 := add(s2, mulmod(s0, 0x0567375470d189b693ac77ab3fb7557231d53073951d43c54685879cb7a89fcb, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0a268ef870736eebd0cb55be640d73ee3778990484cc03ce53572377eefff8e4)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1d0406bcbec83f8d5165f56c063e42108ad21f51ea4bfc71601174ba5c7b8bcc, p)), mulmod(s2, 0x0c02b18eef22332d280a8aa1f86405f3375f06342f8696ee7c73b46c63272cb7, p))
                s1 := addmod(s1, mulmod(s0, 0x17c1fc174cd9a6ebeaa7add2f801a664823509ad4fd1b15aad053a55ad6da4cf, p), p)
                s2 := addmod(s2, mulmod(s0, 0x05f843c23024eb1dab7ebbc86709a021aaa6caf433f7ed258a08638e9584b32d, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1eefefe11c0be4664f2999031f15994829e982e8c90e09069df9bae16809a5b2)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x22df2420697ca28b5cc51c53165e002727b45ccd90a55c87589f792f0ad8cb37, p)), mulmod(s2, 0x2f1438303a7b49d473400aaedf0f48009fd3af804b76be86417588efc4d7302a, p))
                s1 := add(s1, mulmod(s0, 0x2323d5fcf2da8965c6b2b7b4fbf9a24bbaa7f4dccd35d5ca6155c5463093b23b, p))
                s2 := add(s2, mulmod(s0, 0x026c85b9dfbbe48fe83b753a5e7336b9f40f7b961e9c54f94e37700073d4d26e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x27e87f033bd1e0a89ca596e8cb77fe3a4b8fb93d9a1129946571a3c3cf244c52)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x031511000251ec86feb38b5ab4e335f070b271df4c20979528e41d65384c318f, p)), mulmod(s2, 0x18e588324a9bbaacb42fa69e5d90a0c0e27cd16b941e34a60ff5df9a26c03af1, p))
                s1 := add(s1, mulmod(s0, 0x2642b5d8e16b953b070635775c8d3c9498357d6ad9bef2e7d99f03c10ea1f95f, p))
                s2 := add(s2, mulmod(s0, 0x21fc313ba11c60e8e84ff60db906a0f031189b0b48335c4221f909aef836c133, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x01498a3e6599fe243321f57d6c5435889979c4f9d2a3e184d21451809178ee39)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d3562e3d4b42bc6890b698cc6ab89f7311298bcbac6e4e9f2f4d93d06dae151, p)), mulmod(s2, 0x0a74ef541d360e842e3e0b6ff7e5c7c77934a5f67616f01c189d886dfd2e0808, p))
                s1 := add(s1, mulmod(s0, 0x140564b53e0a812ac3983d6e3b433afa43f434087d9e754967c2c9b1b02caf8a, p))
                s2 := add(s2, mulmod(s0, 0x14709e32d98ae4cd18b400181e71ab9759c436c8e83fa6993adb6f2db6bba9d0, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x27c0a41f4cb9fe67e9dd4d7ce33707f74d5d6bcc235bef108dea1bbebde507aa)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0734b2366c59e394423f179e1266dd392372db4f2dba651f4a619a4b52bdc010, p)), mulmod(s2, 0x11fb2d705c94b08d5ad3e3c5fb6629abe963ed92913642c7d02d7e71088fd2d4, p))
                s1 := add(s1, mulmod(s0, 0x27d03abf5c1f290e5d715eba19371050ef6eb7f78fd84be834e4cc3618059484, p))
                s2 := add(s2, mulmod(s0, 0x13ed9e9e6b452df27fb3353cfc2cd63ebe817f212a39c6a8bb9b441ac1395861, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1f75230908b141b46637238b120fc770f4f4ae825d5004c16a7c91fe1dae280f)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1319c51cf37aaa10246cdaaa04a12e88795de4452604263a7c5b79ab99cbd23c, p)), mulmod(s2, 0x000bca25588d187b7f9dad839f2c8cb526a4cf444eebbd0e715b6cea019ac3f2, p))
                s1 := addmod(s1, mulmod(s0, 0x1d837ea0341c5964181226874b923cd01a069b493f02f7a3c01be23cf51d593f, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1b41ce9ed3634cbd42c427ce4c5c83774149e2a6dbd25f24012090db7de4e7f9, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x25f99a9198e923167bba831b15fffd2d7b97b3a089808d4eb1f0a085bee21656)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0671f0e3b674ae7cddc790ecc4e946f4bca74b98b78a127c7b56bd6673f1ce1f, p)), mulmod(s2, 0x019fc073797a39b272e40cd30615f55fefeb682c1ac14143071d0449a5426e4e, p))
                s1 := add(s1, mulmod(s0, 0x017bee47d262a497fd1f7c5c6d5a7c70fa4209480bf5d97311c5096619e9fd13, p))
                s2 := add(s2, mulmod(s0, 0x2073cff92d3141b480763539cff2978a4c7944721cc937ba00cc8527274471e3, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x101bc318e9ea5920d0f6acdc2bb526593d3d56ec8ed14c67622974228ba900c6)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x03bd7b3e2c1885877f43182a55a91d48f9c58d152e730fe2c7aa46b1fa663baa, p)), mulmod(s2, 0x226ebc9a538b5bbaff128edfb9bbf5fa0ceb100719a14c8dfed9ffbbbad9b6b7, p))
                s1 := add(s1, mulmod(s0, 0x0d395f0b08b9fede0373a06e1552c0e634a49572af1d830dc6e394e8a5d3b21a, p))
                s2 := add(s2, mulmod(s0, 0x28242439b524540a30d49b68e19e31ba5284bd3bcf1e0f2f41f77d5331f99ffa, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1a175607067d517397c1334ecb019754ebc0c852a3cf091ec1ccc43207a83c76)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0370d6fa19eaac142d2de034801ab85e0b457e129e91f929754b48c6154d4df6, p)), mulmod(s2, 0x09a16f573b3280f390762abf269579eaa37939bc0c753feb0a2b2e0bcbde1659, p))
                s1 := add(s1, mulmod(s0, 0x2228e360fb5b162b496ac443f98127ee3c0021a690b71b268d99981368231d97, p))
                s2 := add(s2, mulmod(s0, 0x07e42c2ca633d2c49fabf83991476d209431e34d8032b6a1b97675f3c567f944, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0f02f0e6d25f9ea3deb245f3e8c381ee6b2eb380ba4af5c1c4d89770155df37b)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2ce12d7269663770c3cab85a6215a32eed35fda1d8e9d753a50fe96097724a9f, p)), mulmod(s2, 0x03d7427704c61e2009eeb9b1b45a0125084bc4daf70973a7ba0b2231815b15de, p))
                s1 := add(s1, mulmod(s0, 0x10f8abf0764185861c1267fcf4b4b33ca096fb4ddc4626732d86921e553e69c6, p))
                s2 := add(s2, mulmod(s0, 0x17ccaf6f26f7267a025d7cb456e3aeb251a1a620aaf6568a5c95644c7c5914cc, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x151d757acc8237af08d8a6677203ec9692565de456ae789ff358b3163b393bc9)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x063bb306b96310051385c3ce00ca820ad0e3651a6e55754d59de6df28cea4d51, p)), mulmod(s2, 0x1f761ee5553c5e86f2c304a18095ab7403242e0b65e608bc920cf993a4169974, p))
                s1 := addmod(s1, mulmod(s0, 0x0dc5f00bbfd7c1d9a23c0e666859ba6564bcde8761b45717cd6bdfc09de4e8f2, p), p)
                s2 := addmod(s2, mulmod(s0, 0x06de511520e277b7df07c3536381c13eb44cf790a230abc391089760bfc40ef2, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x256cd9577cea143049e0a1fe0068dd20084980ee5b757890a79d13a3a624fad4)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2a134348c8660efcf9ef54863e70528a1fd4481b50a1fe21f24a8c06e10cca03, p)), mulmod(s2, 0x0aeb5023bbb9a64c4bd80089e99edf8ed5f6f1ffb63a7dbba1b33520bcfce37b, p))
                s1 := add(s1, mulmod(s0, 0x141a6d0810366ae225ecb5f0bfdc9995406c5960ab26155836fc51fb7cb933d1, p))
                s2 := add(s2, mulmod(s0, 0x09d2ea05ef54dadbbe776f404dca6626cc0b2539990bc0b8bfe87497f1e2c5b7, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0513abaff6195ea48833b13da50e0884476682c3fbdd195497b8ae86e1937c61)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1e56d244a8e41be5d104d5f8ef70891d22d4a5432441bfe8ff1a16e91719cdde, p)), mulmod(s2, 0x1d4f020c57c4f14aec908b2f99b5c4fd5e09447fa85c2fd68ba4d5c5f50c7b49, p))
                s1 := add(s1, mulmod(s0, 0x0763911a3a92a4f0e09f4e14cd03398d8d82a1e09db80fb0ee1e833764c18fd3, p))
                s2 := add(s2, mulmod(s0, 0x12857275be2fe6b9ba2ec68f9061643f1fc5d9a2c5e47e55684366e54b302946, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1d9570dc70a205f36f610251ee6e2e8039246e84e4ac448386d19dbac4e4a655)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2ed11ccd2e2e2376655ffe9a96c4b81adc0a60353c5d83d4d0ebf50d1bbf87c0, p)), mulmod(s2, 0x03e31de8958e82645b320d5e3e966ef4726d5b1c2cfbb4acd288a21543c6d594, p))
                s1 := add(s1, mulmod(s0, 0x11e880dfefdbd08858ae890046533d58da28a608d7e905366ec2ca4a36e71963, p))
                s2 := add(s2, mulmod(s0, 0x1835b275deaed2d00704a9c3cc21ab7a44a34662978d53c190dc25e969a507b2, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x18f1a5194755b8c5d5d7f1bf8aaa6f56effb012dd784cf5e044eec50b29fc9d4)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x068b75315e25ed4ace5a4a9480e1d82ce5d44f76f1324240419f372ff8d3c3f5, p)), mulmod(s2, 0x1b7ef7d04aec73d62b052d2ad12b92a4268fccd795c839d698ad3b22823274d1, p))
                s1 := add(s1, mulmod(s0, 0x28c0c848022a90606f6193ff5501b57216b670727f4b8efcc240d30bbaa9f03f, p))
                s2 := add(s2, mulmod(s0, 0x13bda49296cbcc51686a7bfb1c39f3f254370985a16660efd6e5d82d4f068e1b, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x266b53b615ef73ac866512c091e4a4f2fa4bb0af966ef420d88163238eebbca8)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2e7987ea8204389d11eb10b34265e378a945729f86c3e0e2fd38490d3a594141, p)), mulmod(s2, 0x0826d4a2324ad3aa4b2b45c10a190fedef702aeffda3226ce5415fffd03935c8, p))
                s1 := addmod(s1, mulmod(s0, 0x002dbeee85eaeaa9fa3675ef541c9df7bb964a85435c3b59685f93b434036ded, p), p)
                s2 := addmod(s2, mulmod(s0, 0x227ee7a945edaee6919418ecb3279b11e6fa44f5f5c5abfb966a4be599cb86c7, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2d63234c9207438aa42b8de27644c02268304dfeb8c89a1a3f4fd6e8344ae0f7)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1d0a6d1a9519877805ac90d696faf2a5ffadc23986de8c698d541471c7244220, p)), mulmod(s2, 0x2208aaba508ae816da4f333b7854fbbcd10eea1db284ec3e9f4de02b25f6e9d4, p))
                s1 := add(s1, mulmod(s0, 0x28a58901035b2c99e36a7d29b587a215c9e59268e2f8e01a175720971ccf04ec, p))
                s2 := add(s2, mulmod(s0, 0x0112f6d8d42b0a0d123a07865ca1376df317a2a14ffc0191226f38a8adfd6238, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2ab30fbe51ee49bc7b3adde219a6f0b5fbb976205ef8df7e0021daee6f55c693)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x08c6eb19c016d1833174dda182d266d5c727f97fb4d01f1daf906b6d3c6e2308, p)), mulmod(s2, 0x1359d2d6c8b5a116d0b38b95f9c642df75b1be9a48c8698ecfea9103f73f1879, p))
                s1 := add(s1, mulmod(s0, 0x10c5052ec67ab9b6a467c1cc1878d91aaa07aacf7725f8a5ed42b699c4af3ca7, p))
                s2 := add(s2, mulmod(s0, 0x0583c4d292d54f3cdb708803e6338fc6afdb188d5d4e9f060193823684c96c75, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1aee6d4b3ebe9366dcb9cce48969d4df1dc42abcd528b270068d9207fa6a45c9)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d94a1c55be382151a4054c5b96322e7bcd1fe2b3e076e16ee2c18bfc06f57b4, p)), mulmod(s2, 0x15e3402fdde8770fb997369579c1b1703ef77c671927ead80dbc64dd2211c3ec, p))
                s1 := add(s1, mulmod(s0, 0x185be98784817f22f7b21e6b867d5a71b5000bef8bb902eb302677e20a727be3, p))
                s2 := add(s2, mulmod(s0, 0x18db4321c721c03666ed8927c89890aa8aad1b00c054547b5ca14cd94de467b6, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1891aeab71e34b895a79452e5864ae1d11f57646c60bb34aa211d123f6095219)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2a852b6247f5d61f0c390b3f3d799188528849bcd2cd0aff4eb2134a039b5126, p)), mulmod(s2, 0x2510aeed51b7f506e65fb9a18ee0124aa5276f6de1cd771b165930204da58f22, p))
                s1 := add(s1, mulmod(s0, 0x0f2074a32eb8260fb5bd3a236f03a47b47b7fb54dcad1d7977d6486513bab5f2, p))
                s2 := add(s2, mulmod(s0, 0x2f4c69297866bd45a8270e19941926cec3531c9e12c4c2c84971404bfa044090, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x24492b5f95c0b0876437e94b4101c69118e16b2657771bd3a7caab01c818aa4b)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x154668727d2dbadf05d083a65093c0d0e92df5fd5f3fd75e9b792c562a37473f, p)), mulmod(s2, 0x1e6ffc5d6a1ff5dc4fd77fc5ab5c8c4e8d3e2e375bcd1194a91e5b0f7b13cadf, p))
                s1 := addmod(s1, mulmod(s0, 0x2cf1a1d7c44309109d75acbc9395cb8398c8b2d428538571fafa389da29990c6, p), p)
                s2 := addmod(s2, mulmod(s0, 0x140fb39a89f26f6d87cf76cd5ce8da47aa5d8a023e24cf016ecf64cf793c9880, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x01752161b3350f7e1b3b2c8663a0d642964628213d66c10ab2fddf71bcfde68f)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1289d13d58a17b5bf0712b201fb3cddfce2c16dac159990b8298a93a8589f9e8, p)), mulmod(s2, 0x0f45cf974d2c9edb5781e8d3d207adc8370cf56bc5218749610920fe98b2db2e, p))
                s1 := add(s1, mulmod(s0, 0x11909c81a16518046b79edfd24f5abcc585a81d1b333568b8687a1c9eceb44d4, p))
                s2 := add(s2, mulmod(s0, 0x2990b23c81882f7709f3b891a0e3da4d6917672f2d5a1041fd7bbd6792330d16, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0ab676935722e2f67cfb84938e614c6c2f445b8d148de54368cfb8f90a00f3a7)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0609551b14716ca3cd5560e0821e7285e0a083ea9a16dc102ecf461e4aef7277, p)), mulmod(s2, 0x0c8c1abdfab99d03fd93dced2467354b6175de1755f4f93dc0880eaa08d03f77, p))
                s1 := add(s1, mulmod(s0, 0x138bd098c4923b9fbd02f33f8bec6c730db3fed298ec09f78a7a55d08f2e0b10, p))
                s2 := add(s2, mulmod(s0, 0x2e61e4bc021630114673f0f77161ae55dcd0b45ce07d9ae3f21bb5a3190f14c0, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0b0f72472b9a2f5f45bc730117ed9ae5683fc2e6e227e3d4fe0da1f7aa348189)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0124860913e3df8f65a9c4060ce3297c626abd1c22401c905ddb408260d8e910, p)), mulmod(s2, 0x013807f89c394a133ec104804d955cbe125f24c5701d98286c6ac8b7ed052ec8, p))
                s1 := add(s1, mulmod(s0, 0x2e88d1a6938f0788132aa9eeaec08d2f59aa444050c8f4c4e85578abb0fc2fe5, p))
                s2 := add(s2, mulmod(s0, 0x01f3d24f17cfc6050a0cbf64e1f1787e2257be3c3ba607c2e8fcc1f26abf3104, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x16aa6f9273acd5631c201d1a52fc4f8acaf2b2152c3ae6df13a78a513edcd369)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1fe1cb0e2ae169f83b9d4f133d41fb5b3fe6c76a82a916bfd9b62f82f0f8d0bf, p)), mulmod(s2, 0x0ef79351229409cd353329221229827e19946f3d8d1c48bf5e3377f9177071f3, p))
                s1 := add(s1, mulmod(s0, 0x18fb2e46fc1b90fe1c4893ef77a9d111507551883127860e89088608373beda9, p))
                s2 := add(s2, mulmod(s0, 0x077afe2579f42ec14c32ef0761e23a3cc0ad6263a68c5cb61916bd57120d1868, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2f60b987e63614eb13c324c1d8716eb0bf62d9b155d23281a45c08d52435cd60)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x079769092daa5a752642c04ccf8a6ea54e2ac9836fdd65d248b186f1490b7b99, p)), mulmod(s2, 0x1d8bf229c19968f0254eb6e09c5c8bfd67eb9734606b676b663c76cf76bab4a5, p))
                s1 := addmod(s1, mulmod(s0, 0x2a33b7d855e7fe55f93556e49e4b37737664f14236f17256428f29f6ec1bddad, p), p)
                s2 := addmod(s2, mulmod(s0, 0x25b0331d7e2b15af4ec161c86e84ba6ab2056077e7aa7536340dc3187ccca8b2, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x18d24ae01dde92fd7606bb7884554e9df1cb89b042f508fd9db76b7cc1b21212)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0762098f5fe26598ccbf45e4810211b0ffcf8ccbb92c16e2f4f13f22342474e2, p)), mulmod(s2, 0x0e234d720d70b2886d0da4c007b1bda42362e144185c70716dece2b6172c2514, p))
                s1 := add(s1, mulmod(s0, 0x1d82bedccd2bc8a06e3742e720b7fec2ea72182f11c0c60d135c811152aa4b60, p))
                s2 := add(s2, mulmod(s0, 0x0480064d4b3eb0ada5e9a3e7d05930b7c3397fd6b94d481314bd1c690a17c979, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x04fc3bf76fe31e2f8d776373130df79d18c3185fdf1593960715d4724cffa586)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x10a892763b3cca9ef7593fbb1140edc8c8e4580568560cf41867f7464fb0c11a, p)), mulmod(s2, 0x0b5ec64548ea841ac921f9b2553680785978b315667ae4714dde4cd7f4de8b91, p))
                s1 := add(s1, mulmod(s0, 0x10554aca4e348e5949761bd7131dfaebd78010edd030e1a9ce3c65c9db931d46, p))
                s2 := add(s2, mulmod(s0, 0x15be66f38d86b0998b93655462b1f475b9be9de306e150d4ac648fab3db0cff6, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0d18f6b53fc69546cfdd670b41732bdf6dee9e06b21260c6b5d26270468dbf82)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x176ad3600fd3491182d182957ffad01bf6c26e9d4ab0c23caaf308e427d3dbe8, p)), mulmod(s2, 0x2b6f355b3dbf65f09335001d705ac125e3beb20f4fc11bd3ce82b5cf0af2e6f2, p))
                s1 := add(s1, mulmod(s0, 0x01c85c06a6d5d40d81d7c89edefb32d1a8448c51288fa296b6de9ff788c77451, p))
                s2 := add(s2, mulmod(s0, 0x20e1e876c4746a0cbd9a51d76b2e25f82361c389e43f7d1f51a70aaac2460d79, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x00ba4231a918f13acec11fbafa17c5223f1f70b4cdb045036fa5d7045bd10e24)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x20e46219f684186d2a024b637bc35a29ee3b08ce737701392d987dda9217fa08, p)), mulmod(s2, 0x2ea7279db9f2aa0f654e987907277c24480766367a8bd90e28be0f2ed6091367, p))
                s1 := add(s1, mulmod(s0, 0x136be2a7f18924c9362096d472bc75ca0969dc077c9171b1641be95091780f74, p))
                s2 := add(s2, mulmod(s0, 0x1ca2033501baa3f73067c4300fb0f51119ed5736fbc8f1f6c924baf0df5a0e9e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x07b458b2e00cd7c6100985301663e7ec33c826da0635ff1ebedd0dd86120b4c8)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0a82f199c2505277ecaa75e495f34e3525824f7a4a9d9fa1da810832b48a50c7, p)), mulmod(s2, 0x0ecf10485307b4bae92fefb0d7f7782a9f37a2722e7ed9eb7925a2dea580b7d5, p))
                s1 := addmod(s1, mulmod(s0, 0x07b642138dfd6a6dd12aa22f08a8296d68615c8478f13af16aebbbb339a3936b, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1d9dda43a25593ffd2256d34921fb86ed70e760ba76d61e9cbc3b6dd0f1a2150, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1c35c2d96db90f4f6058e76f15a0c8286bba24e2ed40b16cec39e9fd7baa5799)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2f1af228520c8b751dc91136c91c6bccd5367eb08213d392958ce2fd3d7d2fce, p)), mulmod(s2, 0x1fecfe833ad540455c6d6c1ab3de4abae61ada625a1a2b6b18551a45a6cde123, p))
                s1 := add(s1, mulmod(s0, 0x18fc8e608c735b2b3b0d7583460227575657ff8a77abe637bdd3ad28e4a23c88, p))
                s2 := add(s2, mulmod(s0, 0x28f740bc1182e9706ebf03cb3f53aba8a43ce0b618783a5586388a7547faa815, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1d12bea3d8c32a5d766568f03dd1ecdb0a4f589abbef96945e0dde688e292050)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x047998cc0af5a26b94ad301e4b998d29e960a4851cfd13822bed35b7146966a4, p)), mulmod(s2, 0x1b5f1525b31db911dda43e415e1b9a3a9725c7b52e880ee130a14a692b777b70, p))
                s1 := add(s1, mulmod(s0, 0x275a83fa5d19b4535f65e965a90eac9bf770ae9bd1d7b1af945fa57ed5c8de6e, p))
                s2 := add(s2, mulmod(s0, 0x2e8789257ed2cbcccb430568e49bc9dc2a563359808c9897ce3e40a6f6a27aa8, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0d953e20022003270525f9a73526e9889c995bb62fdea94313db405a61300286)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0927f46cfe80feefeb2721a4c09e9d17f60c34500dcd6e41e2925a39c8e2c7c1, p)), mulmod(s2, 0x1f868ae04832a5dbc37619bfe6ab6a97fd8fb2cfbc1ecf9e0e484bbfe7698101, p))
                s1 := add(s1, mulmod(s0, 0x09d7a11e27d2f53109b73f745b2defed65d94ba80f308fb19ce6d56c9b45eff4, p))
                s2 := add(s2, mulmod(s0, 0x282d857cfe8da3b5104e1c2823fb7c5b9a7b25924fda5995b0c351aa2b879dff, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x29f053ec388795d786a40bec4c875047f06ff0b610b4040a760e33506d2671e1)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x20ba8a9fcec815b13f349ff830ae663b27576e135c0744f6987fb0f6ff49c217, p)), mulmod(s2, 0x11b6afc91e32f1ca4589fba12e657d226d57b471ddd2ab1b66a8ae4dcbfb136e, p))
                s1 := add(s1, mulmod(s0, 0x2e666402ac9cc588316e335c7d93db344788eec2c72ddf3f908141736cebc3be, p))
                s2 := add(s2, mulmod(s0, 0x17522e0e9e64f795a202a110e283faad7057aec5c9ed9a1a74920f2794f18595, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x04188e33735f46b14a4952a98463bc12e264d5f446e0c3f64b9679caaae44fc2)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d2ed17f7a1f3ee9e20b470cad4cc7319e6adb40e2ff24b7878cb9878edbd3b9, p)), mulmod(s2, 0x1a81efb19d7e1edaa96fa276e89e85d08f75e54a8136f4d73c937da16c7bf9f4, p))
                s1 := addmod(s1, mulmod(s0, 0x27ff57c1ca847e57210a7b44e52e5630f299c5f451c7a0d515a16bb3bd33e237, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1c1a8e22230abcd13c5be96031bfa167840d117b3c6a5a0a11be26a7f5fb1a94, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x149ec28846d4f438a84f1d0529431bb9e996a408b7e97eb3bf1735cdbe96f68f)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x02a1c3f15d4927c843627a9cd533e4250d81e7774d2c32b59d5836f9c19a5657, p)), mulmod(s2, 0x2ddbb7239eb904d81c52499b37cb4be1af0373a10ac112e185acb219899357e4, p))
                s1 := add(s1, mulmod(s0, 0x0dff198393085a754e0d6faec54be81d8edf8bc25edadab48a86fad6da0afb60, p))
                s2 := add(s2, mulmod(s0, 0x10d50c2473146bbc76275fcc589d038dec8db28728789f28b6d5f504bd1645ca, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0de20fae0af5188bca24b5f63630bad47aeafd98e651922d148cce1c5fdddee8)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x061e8328fb5593f92a53dfd40e1022e6231ba45948506282536b08b4476c1538, p)), mulmod(s2, 0x1b589243847198ded90b644bee31ac58067debf3f07d3c51cfa5a0dd9f6d9784, p))
                s1 := add(s1, mulmod(s0, 0x04b00c0da1f851e59863b053bd4c6087190f0bdcced99d5ce6f67a420a3bd1f7, p))
                s2 := add(s2, mulmod(s0, 0x239941a46c2b93d9126a70163009a7ac27f8a8d42e35018b3bec8cdcb5ddfd67, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x12d650e8f790b1253ea94350e722ad2f7d836c234b8660edf449fba6984c6709)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x204f26ca7993b03ac2c35377cb0a3712bfc9bc3ec0bfecb4e87ef6814acf2ea2, p)), mulmod(s2, 0x085aff9c7fdadba039d832d8be165a1e5747cf7308d515e348ef117e926d721c, p))
                s1 := add(s1, mulmod(s0, 0x249042a8dc111f27c4ae9db044c0b0b3f10e57d05e093158efd375df00ea2068, p))
                s2 := add(s2, mulmod(s0, 0x06e799bcdf2b4a74542854f3029803e2f84550665203327b3e0825977413e96b, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x22ab53aa39f34ad30ea96717ba7446aafdadbc1a8abe28d78340dfc4babb8f6c)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1cb3caed4bffb6aca9f4d2c002921bc3fffed333cae12085c612496183b87996, p)), mulmod(s2, 0x0b47e9755fae480128a128bfd4faa6a3dd6ea03cab566889dcd99e84d310d51c, p))
                s1 := add(s1, mulmod(s0, 0x0c7e4cea365c2061920a0c9fd2c360a6506293bc024fd1ca3f0bb730da886a4f, p))
                s2 := add(s2, mulmod(s0, 0x21da1f701bac77bcbbaa30d964d6f6f63dbe1b20d9d6988c8dcd7ba4187215df, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x26503e8d4849bdf5450dabea7907bc3de0de109871dd776904a129db9149166c)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x09ae612e8ba1ca1370905fb67899d10db86b47bd19965b6edd1a9486e3c6cc55, p)), mulmod(s2, 0x262e1e0b56cac47fc150f284491190e6aab75445b0c99373fe1f7a0e3b95cf3d, p))
                s1 := addmod(s1, mulmod(s0, 0x234bf4a7dce7587c2c87c293e3bb7c9e2a7bfa5f29fd4ddeaa5d3f67491d34bd, p), p)
                s2 := addmod(s2, mulmod(s0, 0x2f6cbac694c886b02d0a527cac744fb658d2690e213d7432eee67f6cb69f70c2, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1d5e7a0e2965dffa00f5454f5003c5c8ec34b23d897e7fc4c8064035b0d33850)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x22accb18b7c49b4b7bb8c9fdf78b7aded52aa1842fff818d9a3300876dec3ad9, p)), mulmod(s2, 0x081e2f0652f898c6d659f22d2c77be302eabd9182a0b3d3cbf623a1df7f8f2fc, p))
                s1 := add(s1, mulmod(s0, 0x12c0a25e70d006eccea3ada75d669b8c534b962890f3ffc016b3186ad675b935, p))
                s2 := add(s2, mulmod(s0, 0x10ef9c23848128cc2fd6fc869df24d7ab56efd349edd56f49f8d4f2381df3259, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0ee3d8daa098bee012d96b7ec48448c6bc9a6aefa544615b9cb3c7bbd07104cb)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2161cd280772819dd4a81262b71df1bcc2c1d41b9491e0620bda347962b240f0, p)), mulmod(s2, 0x2cebb0ae5108318eb406590041b5248292533364f799bc41b7f4fdd12cb8d38a, p))
                s1 := add(s1, mulmod(s0, 0x2b2092f86b5979a7fe4f7c22d9561f3bf2852283a656880fb759e08709a0a62f, p))
                s2 := add(s2, mulmod(s0, 0x1566b3402d774b8c08146188425a442450cfc900cf643e7382b2d8507a065fed, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1bf282082a04979955d30754cd4d9056fa9ef7a7175703d91dc232b5f98ead00)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x11a316aa31607f268fb4c56d6c57ba01627c3635fccf8d3d1a163e601d1a0173, p)), mulmod(s2, 0x0de7ee069c934256b782648b560e595408a5e8434644609152e353d9c2874e44, p))
                s1 := add(s1, mulmod(s0, 0x02d36f4029245704cc84df0297708c5e5845c36ae706c72e67128b8949eab1af, p))
                s2 := add(s2, mulmod(s0, 0x01b8cc326b5ee160f53198c217fb34e899bde46cd82dabdc284d7951d546f858, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x07ae1344abfc6c2ce3e951bc316bee49971645f16b693733a0272173ee9ad461)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x27625da0f73ea07110689fb2187b71694cbf9203fd4ddf8a96ece85407550ebb, p)), mulmod(s2, 0x1cd8338a3e5b1ad7cdc0da581a6950f6dea349c3edda06cb99ba025b94e4790d, p))
                s1 := add(s1, mulmod(s0, 0x05ea02d65b209f6da763856c94b6438c78a8aed8d3e67e877a10a84072741a56, p))
                s2 := add(s2, mulmod(s0, 0x09f7cb68d4e388f85366cfcf284a895d8b6250ced627e810817743ce03330a55, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x217e3a247827c376ec21b131d511d7dbdc98a36b7a47d97a5c8e89762ee80488)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x18c6230ddc0f896827b043f5e58dbd1aec13995a202e4ebcdfeb969e9d5c1212, p)), mulmod(s2, 0x073a6114b997285e1a91c0a0fdccdaa8452e4f07bfd2e1a10578232096db6dcd, p))
                s1 := addmod(s1, mulmod(s0, 0x2e78746340b2a6d222c6a1fc0838adf5fe013f39b1660ce7a3e7742b2f37be7f, p), p)
                s2 := addmod(s2, mulmod(s0, 0x07aa27e7150baddd06303ad8e5e4bf4249b7ea846553def28e675259d3e5c851, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x215ffe584b0eb067a003d438e2fbe28babe1e50efc2894117509b616addc30ee)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0b66fdec210ea4eabf623d2712cf4d9fa90273ccb4643f680cbc98345715ead8, p)), mulmod(s2, 0x2fb6a29d9f394a589b633b8a4d6be51c9c0601ce0b140be641acea41c49aa5e3, p))
                s1 := add(s1, mulmod(s0, 0x29025cc66fd041c4fc845e9c1c2cd1288569fb243d049bd675a69dc889b2ce2a, p))
                s2 := add(s2, mulmod(s0, 0x150963f0aca9bcbe4126214ab9c627a6f7ed731cfa695168b85d534b17be3f48, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1e770fc8ecbfdc8692dcedc597c4ca0fbec19b84e33da57412a92d1d3ce3ec20)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0ed59780302257663f72c1bfc6656eb7b5bca2e47bec0d5798a08a32a61a8a65, p)), mulmod(s2, 0x07e19cb8a893369b3d30ae188c767f391c11888a3000debfc8d30c06143cc084, p))
                s1 := add(s1, mulmod(s0, 0x0600c7d2b6946345e5f1eeeafb5eb8ec2b6ecfe528d2c052cd860afb4a3aa272, p))
                s2 := add(s2, mulmod(s0, 0x0596083b6c972bc13022a1f33d6523b4773f2cd0a480e19ea0125119f0385705, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2f6243cda919bf4c9f1e3a8a6d66a05742914fc19338b3c0e50e828f69ff6d1f)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x210b5c36f27a07d97f98b9d8663d85db2e64513099a8e1ef6db21043631e24c4, p)), mulmod(s2, 0x13bb2764bf1475cfc7bb9f3d563c5cc201c2489874e9159326a8f4930b7883f9, p))
                s1 := add(s1, mulmod(s0, 0x202cf557d625c26080eb082862a76757287872b181e89997219e4b7576e24d30, p))
                s2 := add(s2, mulmod(s0, 0x0e561c3f8bd4f76e76d49e97142d220601fbc5a03d905a4728ea1f95fd8824b2, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x246efddc3117ecd39595d0046f44ab303a195d0e9cc89345d3c03ff87a11b693)
                t := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0de20097480e7555471785de07bd9809d57dd859bbe827307c33ae9ed7890597, p)), mulmod(s2, 0x072f2a6287fb984bb810df8c5788eebcfd2825613cb72bb80cde8edd76d2e97d, p))
                s1 := add(s1, mulmod(s0, mload(0xe0), p))
                s2 := add(s2, mulmod(s0, mload(0x140), p))
                s0 := t
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0053e8d9b3ea5b8ed4fe006f139cbc4e0168b1c89a918dfbe602bc62cec6adf1)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x1b894a2f45cb96647d910f6a710d38b7eb4f261beefff135aec04c1abe59427b)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x0aeb1554e266693d8212652479107d5fdc077abf88651f5a42553d54ec242cc0)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x16a735f6f7209d24e6888680d1781c7f04ba7d71bd4b7d0e11faf9da8d9ca28e)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x0487b8b7fab5fc8fd7c13b4df0543cd260e4bcbb615b19374ff549dcf073d41b)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x1e75b9d2c2006307124bea26b0772493cfb5d512068c3ad677fdf51c92388793)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x05120e3d0e28003c253b46d5ff77d272ae46fa1e239d1c6c961dcb02da3b388f)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x0da5feb534576492b822e8763240119ac0900a053b171823f890f5fd55d78372)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x2e211b39a023031a22acc1a1f5f3bb6d8c2666a6379d9d2c40cc8f78b7bd9abe)
                let n0 := add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p))
                let n1 := add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x100), p)), mulmod(s2, mload(0x120), p))
                s2 := add(add(mulmod(s0, mload(0x140), p), mulmod(s1, mload(0x160), p)), mulmod(s2, mload(0x180), p))
                s0 := n0
                s1 := n1
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := mulmod(mulmod(t, t, p), s0, p)
                t := mulmod(s1, s1, p)
                s1 := mulmod(mulmod(t, t, p), s1, p)
                t := mulmod(s2, s2, p)
                s2 := mulmod(mulmod(t, t, p), s2, p)
                out := mod(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p)), p)
            }
        }
    }
}

/// @notice Poseidon with 4 inputs (width 5): `hash(inputs)` = circomlib's Poseidon(inputs),
/// inputs taken modulo p. The permutation runs in 2 linked libraries (EIP-170).
library PoseidonT5 {
    function hash(uint256[4] memory inputs) internal pure returns (uint256) {
        return PoseidonT5Part2.finish(PoseidonT5Part1.start(inputs));
    }
}

/// @notice Part 1 of 2 of PoseidonT5's permutation (use PoseidonT5.hash): loads the inputs,
/// runs full rounds 1-4 and partial rounds 1-30 and returns the state (unreduced words).
library PoseidonT5Part1 {
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    function start(uint256[4] calldata inputs) external pure returns (uint256[5] memory out) {
        assembly ("memory-safe") {
            let p := P
            mstore(0x80, 0x251e7fdf99591080080b0af133b9e4369f22e57ace3cd7f64fc6fdbcf38d7da1)
            mstore(0xa0, 0x25fb50b65acf4fb047cbd3b1c17d97c7fe26ea9ca238d6e348550486e91c7765)
            mstore(0xc0, 0x293d617d7da72102355f39ebf62f91b06deb5325f367a4556ea1e31ed5767833)
            mstore(0xe0, 0x104d0295ab00c85e960111ac25da474366599e575a9b7edf6145f14ba6d3c1c4)
            mstore(0x100, 0x0aaa35e2c84baf117dea3e336cd96a39792b3813954fe9bf3ed5b90f2f69c977)
            mstore(0x120, 0x2a70b9f1d4bbccdbc03e17c1d1dcdb02052903dc6609ea6969f661b2eb74c839)
            mstore(0x140, 0x281154651c921e746315a9934f1b8a1bba9f92ad8ef4b979115b8e2e991ccd7a)
            mstore(0x160, 0x28c2be2f8264f95f0b53c732134efa338ccd8fdb9ee2b45fb86a894f7db36c37)
            mstore(0x180, 0x21888041e6febd546d427c890b1883bb9b626d8cb4dc18dcc4ec8fa75e530a13)
            mstore(0x1a0, 0x14ddb5fada0171db80195b9592d8cf2be810930e3ea4574a350d65e2cbff4941)
            mstore(0x1c0, 0x2f69a7198e1fbcc7dea43265306a37ed55b91bff652ad69aa4fa8478970d401d)
            mstore(0x1e0, 0x001c1edd62645b73ad931ab80e37bbb267ba312b34140e716d6a3747594d3052)
            mstore(0x200, 0x15b98ce93e47bc64ce2f2c96c69663c439c40c603049466fa7f9a4b228bfc32b)
            mstore(0x220, 0x12c7e2adfa524e5958f65be2fbac809fcba8458b28e44d9265051de33163cf9c)
            mstore(0x240, 0x2efc2b90d688134849018222e7b8922eaf67ce79816ef468531ec2de53bbd167)
            mstore(0x260, 0x0c3f050a6bf5af151981e55e3e1a29a13c3ffa4550bd2514f1afd6c5f721f830)
            mstore(0x280, 0x0dec54e6dbf75205fa75ba7992bd34f08b2efe2ecd424a73eda7784320a1a36e)
            mstore(0x2a0, 0x1c482a25a729f5df20225815034b196098364a11f4d988fb7cc75cf32d8136fa)
            mstore(0x2c0, 0x2625ce48a7b39a4252732624e4ab94360812ac2fc9a14a5fb8b607ae9fd8514a)
            mstore(0x2e0, 0x07f017a7ebd56dd086f7cd4fd710c509ed7ef8e300b9a8bb9fb9f28af710251f)
            mstore(0x300, 0x2a20e3a4a0e57d92f97c9d6186c6c3ea7c5e55c20146259be2f78c2ccc2e3595)
            mstore(0x320, 0x1049f8210566b51faafb1e9a5d63c0ee701673aed820d9c4403b01feb727a549)
            mstore(0x340, 0x02ecac687ef5b4b568002bd9d1b96b4bef357a69e3e86b5561b9299b82d69c8e)
            mstore(0x360, 0x2d3a1aea2e6d44466808f88c9ba903d3bdcb6b58ba40441ed4ebcf11bbe1e37b)
            mstore(0x380, 0x14074bb14c982c81c9ad171e4f35fe49b39c4a7a72dbb6d9c98d803bfed65e64)
            let s0 := 0x0eb544fee2815dda7f53e29ccac98ed7d889bb4ebd47c3864f3c2bd81a6da891
            let s1 := addmod(calldataload(inputs), 0x0554d736315b8662f02fdba7dd737fbca197aeb12ea64713ba733f28475128cb, p)
            let s2 := addmod(calldataload(add(inputs, 0x20)), 0x2f83b9df259b2b68bcd748056307c37754907df0c0fb0035f5087c58d5e8c2d4, p)
            let s3 := addmod(calldataload(add(inputs, 0x40)), 0x2ca70e2e8d7f39a12447ac83052451b461f15f8b41a75ef31915208f5aba9683, p)
            let s4 := addmod(calldataload(add(inputs, 0x60)), 0x1cb5f9319be6a45e91b04d7222271c94994196f12ed22c5d4ec719cb83ecfea9, p)
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0a9c0b1916a8e41d360d02e6e2e5d1b98c34dfcec769429c851867e46e126fa3)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x1dd6ba3731e49d21e8d36e9d4d1edad245ebf9bdd9ebb60a252e4804a6390f6a)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x24ae2a67c3d521c11a11b7112abbdee30647107b808866a980837d0d7da4e3e0)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x0d20c9310b5c14d9ef12866af5a45eae3ca9be16d200497066c8b2ee96781d70)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x0e047c9821fe94d55d400d763a66c4c6169993abed543c7284b4a35430019445)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p)), mulmod(s3, mload(0xe0), p)), mulmod(s4, mload(0x100), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0x120), p), mulmod(s1, mload(0x140), p)), mulmod(s2, mload(0x160), p)), mulmod(s3, mload(0x180), p)), mulmod(s4, mload(0x1a0), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0x1c0), p), mulmod(s1, mload(0x1e0), p)), mulmod(s2, mload(0x200), p)), mulmod(s3, mload(0x220), p)), mulmod(s4, mload(0x240), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0x260), p), mulmod(s1, mload(0x280), p)), mulmod(s2, mload(0x2a0), p)), mulmod(s3, mload(0x2c0), p)), mulmod(s4, mload(0x2e0), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x300), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x29474ab799b1e13948eff41d2ce79bfad335d09110157076988ac207e10c81dd)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x03899f139d0dc4b281be3b74ab4c70789b7f41e7aca47ea2722a20d79afbca93)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x1866624f761ab8dd7a91c5f37af5e47639951d5acb6b1bbf3b96ca273f71029d)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x13c119f36718f7d5f09ad8541325a13acf6b34db6d9ee2af7ea06061240f3009)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x0e4a1008158077402b11f13c08890b739643cc8e93fa44487b5a1575dd867fd7)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p)), mulmod(s3, mload(0xe0), p)), mulmod(s4, mload(0x100), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0x120), p), mulmod(s1, mload(0x140), p)), mulmod(s2, mload(0x160), p)), mulmod(s3, mload(0x180), p)), mulmod(s4, mload(0x1a0), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0x1c0), p), mulmod(s1, mload(0x1e0), p)), mulmod(s2, mload(0x200), p)), mulmod(s3, mload(0x220), p)), mulmod(s4, mload(0x240), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0x260), p), mulmod(s1, mload(0x280), p)), mulmod(s2, mload(0x2a0), p)), mulmod(s3, mload(0x2c0), p)), mulmod(s4, mload(0x2e0), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x300), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0ef505fd44ac10a251b670dafe14cabd9ada9e3002210ac9c3876f37de4e7ad8)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x1d31e4e2a5978b7491c43d367470a5a5d1445b6b8129a5b9a6fd238405720de5)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x0a979ad5428d481cb624d9d504524a9694ca5cb4421b5d1dc6af2c030fbeac39)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x0f7fccd2ec8bc6ed9ce3682f38aa291deea9373f4995778bf762ade36d6ab2a0)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x2691b924dfa123005f7c078d9bf8706defe99c2ba99bd6ee53b153e9fec7bb80)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p)), mulmod(s3, mload(0xe0), p)), mulmod(s4, mload(0x100), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0x120), p), mulmod(s1, mload(0x140), p)), mulmod(s2, mload(0x160), p)), mulmod(s3, mload(0x180), p)), mulmod(s4, mload(0x1a0), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0x1c0), p), mulmod(s1, mload(0x1e0), p)), mulmod(s2, mload(0x200), p)), mulmod(s3, mload(0x220), p)), mulmod(s4, mload(0x240), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0x260), p), mulmod(s1, mload(0x280), p)), mulmod(s2, mload(0x2a0), p)), mulmod(s3, mload(0x2c0), p)), mulmod(s4, mload(0x2e0), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x300), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x02077df6510b4860e56b913bef3a80dbc464b0e4678add60dea7a9517463220b)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x29ee09d8af9d24ca49350ce2e0aa47d00a3dc21bafbfac1c9ba61c58e2993e8c)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x08b292c661d427506b9a01916624f3cde332aaced9f1a494a733cea6f25bfaad)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x2583699ce536a757b22e4713edfbb050092c84abc72c90ad87393a1da9a4cf90)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x1e3f1b660223d65ad88999475374f6e25fd4148eb8110a0b12cffa19657b0b66)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0xa0), p)), mulmod(s2, mload(0xc0), p)), mulmod(s3, mload(0xe0), p)), mulmod(s4, mload(0x100), p))
                let n1 := add(add(add(add(mulmod(s0, 0x12873658ecf188d299b8ccd568eb14a4d4307c5caa95633dc296f05cfc966598, p), mulmod(s1, 0x27f9160806de9ef57ddb4243f839e4b7e8bb293ac176fdc5b5419ed73a07999f, p)), mulmod(s2, 0x097d71f1fd579a0d0f436a6b36165cd23a9fcab03ad25e7872cdb09b4a0ea0dc, p)), mulmod(s3, 0x19bb8abf6a012cc7b8b974039c6be6df31446a51702b39a8d90ae4be7ec33ec9, p)), mulmod(s4, 0x2b5d28e8d648bffe0fab59e3c7d983a4099fa0a4c548df0006e6d0f4e20206c1, p))
                let n2 := add(add(add(add(mulmod(s0, 0x153cf8033d8e8a15cde2c5e6b93da4018c5954d00a9274ec5ec6d5101ea22761, p), mulmod(s1, 0x16fceedd703bbbc2bc6f1d792e501939105b044b1b904d3b110110da983ccdc2, p)), mulmod(s2, 0x1a9fd26611128d592d594f51c251dbf4eff6dccecbcf2ebf310e34bed661337e, p)), mulmod(s3, 0x11075889bc0dcc9d6f06af3012f04aadcf9049de04fc775f8fa091702e70b9bb, p)), mulmod(s4, 0x1a96c37c461ab8a38ee15bc2784c5096d30d1482e57c2f861bab95584b90d84a, p))
                let n3 := add(add(add(add(mulmod(s0, 0x09f15a882446823fdca6f6ab15dd8e250d90c84470516671afbdfb0de80fb00e, p), mulmod(s1, 0x2eaa925d06b6f5a77c0d5cb20598742791495cec84593a57ee9fc4c9115ae7ca, p)), mulmod(s2, 0x21eb30a57e5912ab06d18573fc546b2bf3be840d5f5ede01f91dd2bbb578dcc2, p)), mulmod(s3, 0x2e4cb25599a3dbf07de338827b28d16b9c8fcab8fffe8f2a16161be6a521a358, p)), mulmod(s4, 0x0dbdd3171308bfcd3cb8b8a676592858b8652e902142beb8fe4145002fba8e0f, p))
                s4 := add(add(add(add(mulmod(s0, 0x167c655bf6cf3e0fb64c9075773bc862b24b4ce2f69c8ec198add2758a2ce216, p), mulmod(s1, 0x279b324735fbc883e24f191ca7039f9986115b9e6fcf4946cf45f08ceda2dc8c, p)), mulmod(s2, 0x13abaf72889b31372b1e6f48759371ef65bc57d28ac2f60e6d227eb008b96ced, p)), mulmod(s3, 0x0c7a700b33fb23fc642e0e8671deb84d05ded8ccbc968d15171182e158684e85, p)), mulmod(s4, 0x17ac4855f295a3b8fb8ceded7f4b39290647a0145af56b03b01e957808d66fa7, p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x20f3ecbb37c34aec79131455461259e59b222f0ee8e02f3194cf62a9ad4c3448)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0351d582486c39726623750495e297970b0e19787b49173a9388a0d5b08788ab, p)), mulmod(s2, 0x010e1a3beae297a472a31a3b51514c664abb12ec2d15860a29d2a9352d3ce8ba, p)), mulmod(s3, 0x12395fabf1c14664faf3ecc72a84623c1d5cb7b5e5744e602c886a5773e5f06d, p)), mulmod(s4, 0x09b91873151f00b299a173a5b736f73fbe2ce543f0b4d237565bd58758935cfd, p))
                s1 := addmod(s1, mulmod(s0, 0x01d53cf618f93c90852172c773264b8f49e938bf22791cff829e95ff6942299b, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1a78e48450798918f254396fa7417bf2c5ff69259200c2a8d53af5f2c4d8ba1e, p), p)
                s3 := addmod(s3, mulmod(s0, 0x000d3d4c1eb9828c87afeca8ea128d1d533750cf555c6b70d70a8520ccf16feb, p), p)
                s4 := addmod(s4, mulmod(s0, 0x03af062fcd1ca71ba6de0ca4436f1a5a0698a3f49abbe4ecf3daa0ea2e4dc84c, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0df4f5088e4444fbf87d553ba62dbda95696d8b9cf6210b1c85513b1776fbc64)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1ad1ba4f26d401924b25657414256b59767284a692897ba5cd53a7f5322005fc, p)), mulmod(s2, 0x1133694747d2cb4890f4f5982564eac6019ca5a9091b302d2c10b87297041d5f, p)), mulmod(s3, 0x1b46c42ff1aa475972e26f559a88164024234f7b392039fb2a2171be631bd8de, p)), mulmod(s4, 0x1954aa0a79f14968c817000929e2e744262871011f238d986086e7d9574936b4, p))
                s1 := add(s1, mulmod(s0, 0x07aced898db99ae9796fc7191a103b9de4c77f0e08ecea6aa593974f652ac4ba, p))
                s2 := add(s2, mulmod(s0, 0x18a5a098d914f6221726d42ada7683a1605e20217a09489c9b2d84c3cdd2c39e, p))
                s3 := add(s3, mulmod(s0, 0x13e00cf4ab3b1e028165af8d41019ca20a21aeb40926592a180f9806083eb5a0, p))
                s4 := add(s4, mulmod(s0, 0x0478f72938b528ec79defe09215b46320801fb752ddc88d638a48790561b4e2b, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x02b348effd4c9cef00a1cf4dd67dd664b2ffe361a807c589a252c63bcbfc6833)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x08ff43b0eda2134077b96d7e4cc37a6871254910ab4c58a4bcc78c1bc6ce3937, p)), mulmod(s2, 0x27d7fa3ab9c438b6ad1ec5a60e8ad91aad02e4d2908ff7192e5ac0cebd91f928, p)), mulmod(s3, 0x1e9ac8ae7cf2b40d629999251be50d9771391326a664dfc206f2abec8efbe56f, p)), mulmod(s4, 0x2d6b56b4849de82b636d81f2e98476bb6c35cbc8962137b615bff86f8f261971, p))
                s1 := add(s1, mulmod(s0, 0x21e70566d2f4bb8728fdb3749da99a2143a0d90bb6c1b0d6d02125aa1fe63092, p))
                s2 := add(s2, mulmod(s0, 0x1c01c050dd9b0b8ec8e5ee1eaecac1171bf69a8f3d477eb7ec3a605b010d4ea5, p))
                s3 := add(s3, mulmod(s0, 0x282e8dde73a0dc74ee10816aacc1dba10c142109c14ad7954eb7b56ca268a16e, p))
                s4 := add(s4, mulmod(s0, 0x0767cf96b16035a96d19fcc57edcd92e746d226cfe84b733454c7ff9a16d25cc, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1ba1e522fcb153676cd8f20e82256f0327c000fa96b1b462fc84b556f26a86c7)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x18974b9f253b6bb681f82ed0f2d3e6b4f70ca858468b7f1bd3ded1a581ec21d9, p)), mulmod(s2, 0x18153fe8966abfc450a25222a6a27f6175fe851989776dcd2111a5a2de99c2da, p)), mulmod(s3, 0x02da1e2e775539490c2fe2c827e65c00e382a4a5d6c49a8374381d39c627f36c, p)), mulmod(s4, 0x2608589b9cd3f4c12b4e832e05fc5ebdcb403cd6560a8d7ece8d17ac94e79e06, p))
                s1 := add(s1, mulmod(s0, 0x05b4b074edb1366d35bf1c1ec1451a36cff351b407a8d30d563471bde491f146, p))
                s2 := add(s2, mulmod(s0, 0x0856cc5a00bc37dd0217920da66c5765dea0644555e35822d7fd464d9eb38096, p))
                s3 := add(s3, mulmod(s0, 0x2021dde3ed193bdade457c9db5ab799e6b3fca640669d2f6295b4852f54d446e, p))
                s4 := add(s4, mulmod(s0, 0x12e3785f05f36bb797b2c9f03c5a55fab52e88b0550b7155d6013b706574d41b, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0294c44df8e68c96144e964c37bbc5766764ed3550aff80dbe9d3fa74419fe50)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x118084c76d1340b3980add4df3878df4ffc6e9fe26f0b5c4e2f9579ee6fe2c1a, p)), mulmod(s2, 0x0b9dacae8623c514c622c85753ef7b994d9102ab46620f956c26e9c62fe53050, p)), mulmod(s3, 0x0daea6d18a826bb2ba972ae16dc621cb8fdf9ecd531ee3c9f9d0b4012da6769f, p)), mulmod(s4, 0x08f2a5df6437e253b579921fc3208b3c176e5a18dde267a4f85b7afb7f79ceed, p))
                s1 := add(s1, mulmod(s0, 0x06a91d7c75e34fd43d9aa53b7d2793e4d5d70a5fecc5fd5653b162ba2631aa68, p))
                s2 := add(s2, mulmod(s0, 0x207579e33c36af2d20d759996c313f78dc339878c0a289d5db58b6b3d6069c56, p))
                s3 := add(s3, mulmod(s0, 0x25562540cd12084b3392c8cb8cda95ffc9c2dd6f8a75054ce16acf87ba871b9f, p))
                s4 := add(s4, mulmod(s0, 0x00bbf47feca60b93dd0501ee0fc294c2a82b103817b4acf0af6979183afcdc87, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0313716eec6dcd8a602ca040700498dc04c77dfe2194753c59bc818c1d2636a1)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1e0814ce223453b24804a1ab4ce39815e35aed2fe9f7510e6288abb9d8b15711, p)), mulmod(s2, 0x18f9aa2721d95963399ae18d6d95a6f81b78b528e750554eb2613d6dabbd72a9, p)), mulmod(s3, 0x2ea329822ad302ab8831c559c64080e7ba6bf4c98ea0caf9cddd929bbb5875a6, p)), mulmod(s4, 0x29910d86bc27b38a93bca80677a3647c01cb5262ed19cd0c00872925a046a338, p))
                s1 := addmod(s1, mulmod(s0, 0x021c0a05ace45015ea895e01d630ce6b7423f3c211d26e8b6ef54d3dfc0660ab, p), p)
                s2 := addmod(s2, mulmod(s0, 0x025e7c463042f520ed2ff8c68be30bdddbd7ea5cdd7a91224bc6a32a3f5c0fcc, p), p)
                s3 := addmod(s3, mulmod(s0, 0x0df5b7e7663197f911e0dcd1ff4237ffdf080234e9b92201538ae7db6b6a7d21, p), p)
                s4 := addmod(s4, mulmod(s0, 0x094d0fcd9592b4771d2b9bfbc2bd78defef3b6ca923c68382650f9d63ce37c85, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x287dec74696d663e2359f68225de955384d960bbafb90967429a442e19e3ec61)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x270361108967ed0391a49d4b7cd6af9bdd544e8bf048658c4fab36aa12407263, p)), mulmod(s2, 0x18bbf89e7cae93044c847bea654101914dbdd1656483e54e07ae332857821961, p)), mulmod(s3, 0x04aa47a0ede64ecdfa83507a2b8947b4b587758d75239071f6b4d3d66777bc1e, p)), mulmod(s4, 0x182d30ec988fca803ff7def1470c06aa6a596f56710184909fda17d354d3ce02, p))
                s1 := add(s1, mulmod(s0, 0x223c27171e456846dffc59cb1a53c761afddf85582e4c70ebafddf10eb1f8448, p))
                s2 := add(s2, mulmod(s0, 0x07d46dc97554a25edb78ea4d862c48bc5a08e9ea1eb369c5c8c2e0903114c915, p))
                s3 := add(s3, mulmod(s0, 0x1bf473a2e982e519523b486d264941d8e32cbbad362bdbf736d7ac04c4d2a964, p))
                s4 := add(s4, mulmod(s0, 0x12277b175bf54c3f2b0a57eb189e77714cf21630ace1fcf44d39397aae5b6da5, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x25e42f72c6be0942311ba097cf365683db4962c8204fec9213f0f8f72c1946be)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x15c0a2cfffac7feab86a185031f489a9f83e89e3337a84b51dfe6fbb57feb15b, p)), mulmod(s2, 0x2b83199ec584185de52190f5a415c1fbb9efd4bb9eae4c4e2763abcf99359ccc, p)), mulmod(s3, 0x28601b9940a312c65b02adccb76937ef645d4e451c940ad4241b2b0f4925d7da, p)), mulmod(s4, 0x1a187b4875be24a2420729e016901b94ec0566c8a6936978c3f21e8d611996f7, p))
                s1 := add(s1, mulmod(s0, 0x10ed1fd44722d10bc7e44824e64978d36e68d56de2a465a0201b8e31065d5c57, p))
                s2 := add(s2, mulmod(s0, 0x2c4b6867179a949d377a9bfd3efe48456f7e70f02d859c78684a3573486dc227, p))
                s3 := add(s3, mulmod(s0, 0x15cb2c17aabecf7aa0f61655a8bb35a7afd87d0e20ac38fe21a07da7b388dfb1, p))
                s4 := add(s4, mulmod(s0, 0x04dff03c742111aab3e61f4166a733e87699c1ffa889fce179316e39f7d845ec, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x12b6881b96654fe1768c242acd5399b08639f081a94896f5ea6da70b6b475c91)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x17baac874eaaa88de70cc92d5a72e00be4ec0e5e99ba7cbac2b0d98cead394a1, p)), mulmod(s2, 0x1dba338b4779919a2fb22ba949a050c85a73983d5ea4752cd73f664fe05f6247, p)), mulmod(s3, 0x1e33e7fcc41f32f90de5771d69e58f4486290c7b856becd5cd967d8e7739f719, p)), mulmod(s4, 0x10877ad7cf0652a2ff93977d3862e3ffb5d87d0c040f02a4f98612afafc9b604, p))
                s1 := add(s1, mulmod(s0, 0x115d3675856ff59ebcc9110defb9d6c70df6af533d4b0875d0e5eec430350595, p))
                s2 := add(s2, mulmod(s0, 0x03d74b961ba9013a874e7bcdc782f478da6097537549db7e6af4702ca749dae5, p))
                s3 := add(s3, mulmod(s0, 0x2563411e29867500a8fd18e4eba3c9a2b7992e44d263c29f7e06000f74887cdd, p))
                s4 := add(s4, mulmod(s0, 0x285501c4e0ee1b3c3e6b1b29160d6ec0f1af4dc2f36a4a1e654b7b47899738d7, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0dfc2b54546fd3267d7be55c716cb243ef18118ed9498c8270449bd9418afdb5)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x209194489c86891b179e33103a81d969c5c75e941dc30e7228c04ed8ba68704f, p)), mulmod(s2, 0x2c7b2835cb79c29852926900cc168b2315aaf03a89532dd9fc162c2f7ddad845, p)), mulmod(s3, 0x1df181c420308c5b0bf00ee21c16f248edff686e9e835869d1022dcd4a8a635a, p)), mulmod(s4, 0x1ffabdffee2481d8cc1233506f708d9acabc1d758bb99c329142c866ef4c7474, p))
                s1 := add(s1, mulmod(s0, 0x08955ed55c2bec07027e4355a694a9b6ae1d9d50126563b29d8a074ea65540f5, p))
                s2 := add(s2, mulmod(s0, 0x1ab4b24a4db7c5758471846eb375163e7587791417cbc355b6ce93b64fd01da2, p))
                s3 := add(s3, mulmod(s0, 0x25a3439d2838ad459270bc633164f3a68215e11217eef1d605ecfa8b1805c609, p))
                s4 := add(s4, mulmod(s0, 0x065240d63179ae83013295a8251fbe17dd988ca5c84761ccb6a6ecb2bfbf02a6, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x27dd55fe0d5c0ff56ad4890fa029c27c5f36d04cdc73899ab99b2872b28eedf0)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0c1a91ddc1b24113bf876a2ef895c3315cd1b109cfa569b79f3155ee12b1c564, p)), mulmod(s2, 0x146fe8e28539ae36ae921069f4af83f675f1b68399efceb18989cab5fdd36ac9, p)), mulmod(s3, 0x1ba8c3cfa46425412e30790090980db139810efed7bdba7a38adf75e1a0d3641, p)), mulmod(s4, 0x083a58c9d889b74e66636bb8418db624726b0f1374f59eafb4d269ba1ed234d8, p))
                s1 := addmod(s1, mulmod(s0, 0x2b812a76ea526ce18df6032192ef033541aaf99d1c61839a0edf0336142a25f3, p), p)
                s2 := addmod(s2, mulmod(s0, 0x295f6d35fb9e57a50a5d913600538030ba8c09e021c16aa8634488cc8eeba645, p), p)
                s3 := addmod(s3, mulmod(s0, 0x1de69ba07e3b9f90c87eb67b1f64660c71befe5138061dbebb752296032542e6, p), p)
                s4 := addmod(s4, mulmod(s0, 0x24734fa363e52c64ee0162a86578ca899796e89caa1a3a3533b0965665208f59, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0c60962711aef16e7a2ce59f587443ec8b41ef8dcfccb38188adcbddd32f173f)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d5fb67efe93e8386fac071fe3522be1dade9dbf1d1030417a7b51e3122111f4, p)), mulmod(s2, 0x19522e9228feae7473e317fd7958a021a0b042a81b75da6dbf7568b857afab75, p)), mulmod(s3, 0x2bc3f6f0df0c7305afe83fd9ef0b708e129fbe889fce42cb695b33b290479342, p)), mulmod(s4, 0x0783e5635eea0e623bb8c406909f0db77ad4f9302d4828b51015d6512818690e, p))
                s1 := add(s1, mulmod(s0, 0x2d61b243f02e21edaed6fd2e4969ddb95a6d0da8db17d115a9a3b0d8885bccaa, p))
                s2 := add(s2, mulmod(s0, 0x055e1a09f4bd4809a86e67f99279fc06ca89a4468df1ea25d76fe0ad36ccea12, p))
                s3 := add(s3, mulmod(s0, 0x17871eed22b0cdd2de61e55ba5c9f4e37da63ed0376420bb1ee7f077a0d7a85e, p))
                s4 := add(s4, mulmod(s0, 0x20fd0af1329bbdd70d4d835d18c915d98956c5f0a4252cfb81c1fe02fe130091, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2edc09feb267c6b586e62fffe32bf5f16c28b585986b81116684b7e8b40d42d2)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2e5b840ca8faeba6ec3613e22eb7b071d9633c83cef659ed96b2f6a8fcc6b262, p)), mulmod(s2, 0x05f5385703edf7c4a388ce585a81fe7cc92ff49e900b5601865a352c61d6b111, p)), mulmod(s3, 0x21e83ab5e95d369ccd30cc1c55cd5844cb1cc78ffcf0c8bc91c9c0d9937a3fab, p)), mulmod(s4, 0x0a67b7ed9c37946306ac525597f1275b30a5d004ca50258c3d992284d90d724d, p))
                s1 := add(s1, mulmod(s0, 0x214f52f9f73a2c2d5425c9610461303d839dfe71891489c376c2ea3b5d868b27, p))
                s2 := add(s2, mulmod(s0, 0x241e0d267f7d1d899656929cdebd850f70ace216d9ac10253ab720bf40da0c7e, p))
                s3 := add(s3, mulmod(s0, 0x2229153475b7a6b282e110b10e8aed1fbc2a05a37352e954f40d85205fbd8bef, p))
                s4 := add(s4, mulmod(s0, 0x0f30d0b7cd8ef10e895cdfab3faa4f4c1a61a5f4eba688634540619c84782d2d, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0af8386859db252ff295a19466d8d100622c90502137aa1cd4c4bcc9656d11e2)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x265589a340c71d49e1660d3dd43d1869408176d8b9110ae8c369078de8ff7aef, p)), mulmod(s2, 0x1bcadf844bd1a2e7f4f464991dd651b9f15630c94977d35ebc3e85801252ac2e, p)), mulmod(s3, 0x0c112b1c56ea288e8518cc039fe050649cf40b7ab98de8fdbc56eb7ef6bcfdde, p)), mulmod(s4, 0x0f020b9ef75af8ddd505cd3947e11a04270be15daacbfa76fa04d9005283aa77, p))
                s1 := add(s1, mulmod(s0, 0x0a426601ce9415e666acbbaf2a7cc8ef7ef7d07538d84b1a53da24c19c601688, p))
                s2 := add(s2, mulmod(s0, 0x10a1af65503614381fe2003123aee9008ab97d69739dc462e72a8be04594618e, p))
                s3 := add(s3, mulmod(s0, 0x2d792f9fe5f0ad658dddadfe3893d158012d84b3837b7415e188131595b060d2, p))
                s4 := add(s4, mulmod(s0, 0x2daa42d04e0b62fcb3869031bf382c3b9f8a98f7f5bf7421d0b63c2598f5f65e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x121f218392f73d4c16abe382102a459e6c080b3ca4eda51a23e651a13a680550)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x144c0395157a1bfcfb5cc4187f271096784dbcdbfcb6a28c31ce8a06f908c0ac, p)), mulmod(s2, 0x1af8cdba0eccc83c16019622667527645e94c9ce64add4415df7f40446277a09, p)), mulmod(s3, 0x213c7a7ad6237e7211530c210a8d6f46a25bee433bade010591e6adf42fcd906, p)), mulmod(s4, 0x224f1ca24803c0119ad0e6c41a64968e064a83f5821972f2a5c9d5895da4ea42, p))
                s1 := add(s1, mulmod(s0, 0x10944d95ff5a3699efdde41ead13344937e3b1b93ba73a1531246ca4b99aad2b, p))
                s2 := add(s2, mulmod(s0, 0x0cb2508b0a3395fabbeee5286ce5f1839c006ebbc09d94f475924923d8079ec2, p))
                s3 := add(s3, mulmod(s0, 0x284a14b1007ff6c5c0f8f7d8d0e4b19fe2d4a7094103912134b0f563a672acd1, p))
                s4 := add(s4, mulmod(s0, 0x2bc0bce43d55bfe1a27eed426980cf9055b0dbd42e8de516e77580b9d9a9060f, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1ea38273f5d59e65061f8c775c571ffc75ef67d29405b5e02913cb3019d56f8e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x28e9b1884a4619b38b6f8a384368c358b7f210f3412c4481a26ae296f73c5c72, p)), mulmod(s2, 0x2123ca1f119a35e7d4e1b323fd2942d12ed020ccff3a7ad6b65af90457f00614, p)), mulmod(s3, 0x04aaffb0ba008fb9a82fc0700beaab2ce39efa895acdc280252f01e31035b8ad, p)), mulmod(s4, 0x1f1e16f8ec9261c82443b9b31cd908015e2c2d2314629a22639af1f37e1073d8, p))
                s1 := addmod(s1, mulmod(s0, 0x134928ff5ebe5e019214ef937b7f7a28248285d583613ea2bedfc66b5e2ae924, p), p)
                s2 := addmod(s2, mulmod(s0, 0x087fc99e11e63deec9d55047ac98030c57a4f09228cfa7749a3e1c7ab5f212e7, p), p)
                s3 := addmod(s3, mulmod(s0, 0x09429bcc52d6c43814df5b07fa116f8875299500a36ef791b592a64e27cca486, p), p)
                s4 := addmod(s4, mulmod(s0, 0x2267b1dfa5d26e6f0a80bc8b4c0026f0204bd4fd06c7725544d7760354e401f4, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x09bd2349005699bcc0ac35b627e2f8f08bfc3b0bf30b146f37742ac1556187fe)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x16fb3cdb76d21d3448c9988f428d198c8e5a640035ac2caff7aa7964b34ff1dd, p)), mulmod(s2, 0x080dd9d263a6698479df06bc98fc64594478028b61047ff93c425b29b092d37c, p)), mulmod(s3, 0x165f4f2d302a24eea5f46abeec4ab03d21e3d013865085e515bebcb2684af340, p)), mulmod(s4, 0x0a8a3f3abf28f457c62045789fdcd302f0df1049b6ec521db2b7e72e8d9516cb, p))
                s1 := add(s1, mulmod(s0, 0x2342f103587a005c977578b12810378f9014bae831809cf7ad59ef3aed48aae9, p))
                s2 := add(s2, mulmod(s0, 0x1d1308e311e7ab846e158769c12213013eca377f396061aada6220f29eb1b7d8, p))
                s3 := add(s3, mulmod(s0, 0x2563949aeabfaa782be07dad903ebff5c913893761b75a3f8402a1e2bea5a998, p))
                s4 := add(s4, mulmod(s0, 0x0cb371898d8d2e1f5bbc32dc21782704a73e415e0c9f6387157b48746bbf6ebe, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x091c505b1e92448c11aea22aaac4d44f6a7f2132f89e91b7f55f9404696c1433)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1231d40e7c6fe5bd47010ebe4f63d186369cdb6e8823aec194093a0b4cbc6845, p)), mulmod(s2, 0x018943696a4da551747068255f57a0437ba0ec36ad7e5c92cbed9c49a9775b97, p)), mulmod(s3, 0x1fa58f378160dd4af40e3b01bfe32dfd34f2cdca527973c194a53af30bc40670, p)), mulmod(s4, 0x0c976561eeade533c5579041bcf5e8272e4af95efe3af9e5372250fdc5ad8966, p))
                s1 := add(s1, mulmod(s0, 0x0cacfeeae1a8359ae9fcf831f315a4b8c576d579eae86b1b09823656231d3bff, p))
                s2 := add(s2, mulmod(s0, 0x109b0647298eaec354e4a155308192b5facfb586bc2fe63f073cd221a2106fb4, p))
                s3 := add(s3, mulmod(s0, 0x069d4744aca289d123baa0e6754c5232202dbcdfadd0ee8d14dd19a7bea39781, p))
                s4 := add(s4, mulmod(s0, 0x156195fe27df23b8184fc58a30e1a9bafcb9cc9fa9ce071163a26dccfb7c6ad0, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0b316f1c29689d4f490f7fcdd5e9f2d256d443ba14cda4bb799b0573a931a99f)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x20fed35942cbdc86df51a49ca26055bb25e232a42476ef06997af8911560fc12, p)), mulmod(s2, 0x0cf20343957a55345423dd3450c2fd74039f1a82c6c02446dd64c4569d31471e, p)), mulmod(s3, 0x1e177139b05dbe38a56c40f919dc1f07126bad03049fc4025d77b4bc34c25ebf, p)), mulmod(s4, 0x144d1944a849fdc2aba8ab2a4368d57911e9614e3956d9326ca493c83050e932, p))
                s1 := add(s1, mulmod(s0, 0x162f08d305fe4f1b0a9bb1acf1223bde3405aecbf2356508841b85f1180cbc1d, p))
                s2 := add(s2, mulmod(s0, 0x21d68868502ab599c7c5f2a54d65be40ed5caec1613a98b2a98c5f8117415d97, p))
                s3 := add(s3, mulmod(s0, 0x0984adb0c5263193be4027c68c6f3a6dbf7e22cf199dc4358b52968b0a248789, p))
                s4 := add(s4, mulmod(s0, 0x2883f3a940a8c10f7f347a8011b0f0d7f6e0a4a82eff568fffc7524235d1e4f3, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2049251919a8f3f4398188b81f99d2e2d0e3f5359cfa55bdf3aa75fdadf367e7)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0d89a340993be3d3ba07d2fa8432d412730e8ebf2bbfacbf9378c0c4d3d1e692, p)), mulmod(s2, 0x105e4a12836770bdbab24c85e7a63572c77556fffafc8f55a0e3f6e7383f7b02, p)), mulmod(s3, 0x04b09e851bb6dbbffd0780af3f99cbb707f5e8a073810b28b1b59794c8b117a8, p)), mulmod(s4, 0x2c8031907c10e1df2bfdd2589dd502a012a2292202e67954091ca57d21906d41, p))
                s1 := add(s1, mulmod(s0, 0x088a360cf4c5e26faddcba291dd2553906abd82fecb0ffaff4f3f544f672d703, p))
                s2 := add(s2, mulmod(s0, 0x0e9e8d8ba62712e7f95840b5651f32912e84f146bbd57c566c178084cbb155f8, p))
                s3 := add(s3, mulmod(s0, 0x038fbaea7dd737c642ec414759bdeca4250d31d6011140e7e45e86c12c6f6fe2, p))
                s4 := add(s4, mulmod(s0, 0x096dea6e0d6411dd0c18e516511b03d8506c4901c52dbc2772c3d47bdbf461ab, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1fe7f9eb6788101908814168e3e4cf7a899a105bf9e584af0064188a4aac55bd)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2d60fb66fb133b0507b6b41ed7fbd5278c4ba9fa0679d2889da9672d21f07037, p)), mulmod(s2, 0x2567f444cfdbbf4d7799d5b50c8c582e1d2038a11969b3eb2b60aebafb1efc7b, p)), mulmod(s3, 0x2401d941b4fafe3311bc6cd9fb0bef62ad9b59e731c1ec4e6b0ca5e2c685bb2c, p)), mulmod(s4, 0x28747741579283853ed4e6525da70a4312769f7040db4f098eb7d9214fc8fae6, p))
                s1 := addmod(s1, mulmod(s0, 0x1104899fde3f530cf99500f20c4fb9d479e512cd70a15def442a4ea92bcb9743, p), p)
                s2 := addmod(s2, mulmod(s0, 0x04ddfde1b1aacb33977d4b3020db51b834f6197a18505e3ccfb37fa8a3a8764c, p), p)
                s3 := addmod(s3, mulmod(s0, 0x2bfa6913d62c8aea04ccc3e50229220efe3b9af6a568194ece56c065e3cac8aa, p), p)
                s4 := addmod(s4, mulmod(s0, 0x05cb914ec7b72436cf25adcbd0550c2db3c9c09aac565d46f96ac156fa72a90e, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x158e6579b0388153b0acd630ea94de8f6d966d529c2d01b9e9b1c67c1ec1d570)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x145dcc8a89ffd8fddf4e5bbe377a3b7649ab6faaddf5eb580ced3e0421b7077c, p)), mulmod(s2, 0x21f1b7c169a0744e49718346cbd390dbe3287f5de3897acdaaf2e4bbc1f3e80b, p)), mulmod(s3, 0x0eeae34b5e8e48d2ba6bd062c803ced1dd1165cce5f8f0574ff7caf4e6eaf6b4, p)), mulmod(s4, 0x2827170c30a7f570a12f37aa0434e01a4aed9b5d37f1815029d5de89a8ff75e2, p))
                s1 := add(s1, mulmod(s0, 0x0e328161a29c0376af526c8004597fbe018328d6d0c89503eaee36f59a4cee8a, p))
                s2 := add(s2, mulmod(s0, 0x0d6617ff29ac941a779f907e749603cb36778fef6644b8684fa40055c8d978c6, p))
                s3 := add(s3, mulmod(s0, 0x169506e0877092fdef32109c064d251c4d6a50257ab9c032bd79801fa23094ba, p))
                s4 := add(s4, mulmod(s0, 0x08c516740479e1a852294e8cbbcbf83b4d7095b69758aaa9f1a368004dc1742a, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1994f82f27153afb9de2aa3f4be05c4b2c487e393dcedca2566aa6b7fbc3696b)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x281bcec4cbcefa9e18a1aca1dfeacd7f7ec527df5deb6c002f541ee4c0f2bcda, p)), mulmod(s2, 0x13ea58a6a82bf43f6d4c2619b87da0ce760410b68b77f694685e3f34ff47b86c, p)), mulmod(s3, 0x1ed604569bf581c71e4180d59a78dd48e2103006ac045566e44162656c36080b, p)), mulmod(s4, 0x15d25d19f8fb93c9272f10ea525e787c758f98c5bca884e6317ed21a292abf6f, p))
                s1 := add(s1, mulmod(s0, 0x1696701143abf5794f370a122fc60dafa4f0c241e8607983222bc72d1d8d1439, p))
                s2 := add(s2, mulmod(s0, 0x1471c9bea5d880676ffb53255487c1af57a0476b77eba56204a4a3780b109b50, p))
                s3 := add(s3, mulmod(s0, 0x1ec18e953909ee6e34dcbdde64fd6ae8b99817ffef4811551a27924b714cc00d, p))
                s4 := add(s4, mulmod(s0, 0x089ad915c65eb1cc1633229dd97f098a2f86e7ea44ee6d94f3fe5f08682c807f, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1b6250553e8629a5a8a40b568432ce7dbd83c87603eeccc8dad572ccebef6e1d)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x007e3bb22a5d8f517b12b42d68ab707d809ce83671dd9a933313d251889a9d55, p)), mulmod(s2, 0x142b4285cb7ac7249975ddf59d177aeed1a94e0412002d83861ce061e3f38621, p)), mulmod(s3, 0x24839c6f8fade0c2ef1e248f64c4d81e324caa4ef4052916a31c5d1da484ec43, p)), mulmod(s4, 0x0ac0879ac864dc7bf40955a3f4a19cf37846fcfa9289ae59c8f8c7c174c5a57e, p))
                s1 := add(s1, mulmod(s0, 0x044832eb1eb4ac43192406deb4a37ea61e2d110468762d3a31f01f3c6c1f8208, p))
                s2 := add(s2, mulmod(s0, 0x2b3f948fb289860a26e995d14c6f8aba2089511c7ba58a310e6cbcb533f2dca2, p))
                s3 := add(s3, mulmod(s0, 0x118bfa7e2d1386301f187c1b1eda2f48c0a03de15e370b5be0f431a0b574681e, p))
                s4 := add(s4, mulmod(s0, 0x1399fb352bfce7874d22e0fcb24553b96ab59b85364c0c3c9b0135d4970c2349, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x020296940a7d1eded2ae79fd78fa2ac11abb2210bf24542feabee71f0d0d7c9e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2f25d0089300da1d286c5efcc9cf22d095af8f615b76cbee09b9ba651d737311, p)), mulmod(s2, 0x084eaaf7a0b07cf4992c7d05790c42cc742a7bed021c48f614b988d99f141e3d, p)), mulmod(s3, 0x0cbb53527ad34cbd3c4d59504fa47c87eb5be078155e58ac3f1e4b3f45dd1cec, p)), mulmod(s4, 0x14e8e0d80d2af6efd3cc60741cbc21f6da3a42e2429322bc209097b1d22d26b4, p))
                s1 := add(s1, mulmod(s0, 0x149dc605f3ad39d4b470a132191d2739df2ad19fb71e067f6ede3f9da3172922, p))
                s2 := add(s2, mulmod(s0, 0x1533cdda4fe346f0a3e538172b8d5636d3b4b502047cb268015b2088f12b9897, p))
                s3 := add(s3, mulmod(s0, 0x1da21ab47505b1ed4358160f3cd24a01330718bb901beedde8cca37839805c62, p))
                s4 := add(s4, mulmod(s0, 0x130eee6229e6346096e121bda6bd3892aba85c363deda16ae8c8efc6ba721b18, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2553943f9e0ffce9c297cd31c29f1fa5f01883cc9e504fded7a905032c170c89)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1d0669bb3cb83ad8702a76855510918ef300df2416cdf04a83061a915a6fbdeb, p)), mulmod(s2, 0x113f0f0db699267055417d499467b7502e23179a0c23787b7e8130967c95080d, p)), mulmod(s3, 0x28cd66f5e2046799405a9c14282070ef66fd409507971fcbac16032499bada61, p)), mulmod(s4, 0x230173d8146362d28c0cc9bc2c72a64afa7741b77653726017932821c1dc9502, p))
                s1 := addmod(s1, mulmod(s0, 0x04b23de911f3a1d3f32366c35a7f293837e1e7e8287b8abde423b2b3ab81c187, p), p)
                s2 := addmod(s2, mulmod(s0, 0x0d4bcdd5ff441637f977dba6d523ef1f6178ba245cda76e429a91b0ca994db04, p), p)
                s3 := addmod(s3, mulmod(s0, 0x093bfbfaa8f3a8718603066321ce48219b55558f33e0f8645a93a41e6f4d3e2d, p), p)
                s4 := addmod(s4, mulmod(s0, 0x24e21e25f0b3d0e754bfd0e91e62b5fcd232e756ab34cbed6b4ab709dfca551a, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1c56eb362896c2f00ad18faeaf04d577f5feb4db4e077965c38f2eaf5f7be08c)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x146990fff0e10b8d70a4411f57f9e74a03d2ac0127b216400b82c8c644038303, p)), mulmod(s2, 0x1ddaefaba77bcd9c5ba0671b0a34a4cb37b7c689bdca187d90212f188ba4a87c, p)), mulmod(s3, 0x0a7c37e8eab27e5edcfc3d6682b0267e3d9250fe470980956f5e3e5993ddaaaf, p)), mulmod(s4, 0x2d81f6984b67d7cc74b35aa9d673878f05d517085812190798dd24a510b8d6b5, p))
                s1 := add(s1, mulmod(s0, 0x07c46458e45e15ce1338bbe98ed3c0726664d8ae0c965bf0fc79ae31ad04a349, p))
                s2 := add(s2, mulmod(s0, 0x16dd83567c7289d8ea0e62df8620df74f3c987d5f162b6b0a24ab09837b5d2da, p))
                s3 := add(s3, mulmod(s0, 0x21819b9d78ef5e05c535a83e7d709f80f3ab5e8d733146139015ec4e34b29f1b, p))
                s4 := add(s4, mulmod(s0, 0x2340a29e4e4d4e920f39a6a32149b54307f918a2e179e6c7288cd02834c0e44c, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0ed8857205e0680055de7e822b6f7d62ac0f75fef67da1ff7b7735208885cf90)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1ced784118aac9880c9fbbee28972453b36abc3d967b20e9b0a886af86d64305, p)), mulmod(s2, 0x237848c6b0c87f794b30cad5a3cebfe2c6c9173f7a258f4ea139252338a3ea5a, p)), mulmod(s3, 0x27c636aa956756d9ee04b355abe2fad8d703b1721fcf73b17a77751813c8abb4, p)), mulmod(s4, 0x1b40358386698e21d43bd3950c00f81d6ae340eff9ac0821a213f8fabd142d09, p))
                s1 := add(s1, mulmod(s0, 0x0695487b95b15feda7188ab9bd8072f0edfcdaea2dfbe06596f8c037bf52145b, p))
                s2 := add(s2, mulmod(s0, 0x1df336831b6745c8f22a80c252ba12b24e2bb1e7fd3615cc96145d898dbf3220, p))
                s3 := add(s3, mulmod(s0, 0x264b7a66fcd41995c19f021b71fcb1abd59986c55377a82ad92e79a1165e58f5, p))
                s4 := add(s4, mulmod(s0, 0x208defb2122d53224aacda9868250ca3b39f78b13c9d150a14d75a886a1a42bc, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0118f91185a09355f9d8c3f556367a2bebe79e7d9528a8d72a592681671aac75)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1627fe11fe92ca5b0841cd804a211151ca6c0d2706b2a17ec17a7fd224a48a13, p)), mulmod(s2, 0x0d483b82a1ed0d6788ec73c257cacba9738eae7232e365df112b15a93459627e, p)), mulmod(s3, 0x24c490612a1636b43f902459851afb3cfc37d71db5e9ffd247116d5cbd34f9fc, p)), mulmod(s4, 0x2f2d08c8cab748b056307066141837d5cf195104459a91084768548346c8593f, p))
                s1 := add(s1, mulmod(s0, 0x042d3a4f87d782326b0c097a03de01ac1698954c8f300af708fa79a92e84790f, p))
                s2 := add(s2, mulmod(s0, 0x2b064fb3fabe9deb1593d253ecc7a12fcfae3193e8f7e16ec563876f92e4c62c, p))
                s3 := add(s3, mulmod(s0, 0x22b8060d8bd295c3a201655ef3891a481e21748554dcb7613ce6c0a532628e5a, p))
                s4 := add(s4, mulmod(s0, 0x1526148f85ce610667aa96af20059f0b02c8a9d4d463b27f0711db72a545503a, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2a71e6a67abdb25a78010fe6fe0a20d1d84e21cba75ad55937dc1834c13af0c5)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x12d2a42d255875bd671d376e499cd79393db48c414f967d53388f60b4e180986, p)), mulmod(s2, 0x22d0f27c6767b64adf2eb09ed595e2f2c211a3504a8de66ac01991c81c0e2669, p)), mulmod(s3, 0x1fbcdf3ca6f2e0739b571248a9a994ea913375db065ed255b5eca3fde587dc91, p)), mulmod(s4, 0x0402b7640d18feac0c700cbea0d8f527a7c3fb44a110c4d7cff21deae9a70e40, p))
                s1 := add(s1, mulmod(s0, 0x27f6c76f1b519e71c3888f1ece7cce4e0f99f231ddccc7798a31b0dee0c68206, p))
                s2 := add(s2, mulmod(s0, 0x2fe908cd208699c9d8e3b0c09f5c0fd58716d0eb50017aa7d12df08b53d963ff, p))
                s3 := add(s3, mulmod(s0, 0x1922a59ac83c1e2821afccf1610aa5fb0b3cf8eb3fe3f4957bac604c177fcffc, p))
                s4 := add(s4, mulmod(s0, 0x126fc5609db3cb254a05919034b8a7f9a0f85ec5abbde6f85068607250ea0ac0, p))
                s0 := t
            }
            mstore(out, s0)
            mstore(add(out, 0x20), s1)
            mstore(add(out, 0x40), s2)
            mstore(add(out, 0x60), s3)
            mstore(add(out, 0x80), s4)
        }
    }
}

/// @notice Part 2 of 2 of PoseidonT5's permutation (use PoseidonT5.hash): runs partial rounds 31-60 and full rounds 5-8
/// from any state words and returns state[0], reduced.
library PoseidonT5Part2 {
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    function finish(uint256[5] calldata state) external pure returns (uint256 out) {
        assembly ("memory-safe") {
            let p := P
            mstore(0x80, 0x251e7fdf99591080080b0af133b9e4369f22e57ace3cd7f64fc6fdbcf38d7da1)
            mstore(0xa0, 0x2a70b9f1d4bbccdbc03e17c1d1dcdb02052903dc6609ea6969f661b2eb74c839)
            mstore(0xc0, 0x2f69a7198e1fbcc7dea43265306a37ed55b91bff652ad69aa4fa8478970d401d)
            mstore(0xe0, 0x0c3f050a6bf5af151981e55e3e1a29a13c3ffa4550bd2514f1afd6c5f721f830)
            mstore(0x100, 0x2a20e3a4a0e57d92f97c9d6186c6c3ea7c5e55c20146259be2f78c2ccc2e3595)
            mstore(0x120, 0x25fb50b65acf4fb047cbd3b1c17d97c7fe26ea9ca238d6e348550486e91c7765)
            mstore(0x140, 0x293d617d7da72102355f39ebf62f91b06deb5325f367a4556ea1e31ed5767833)
            mstore(0x160, 0x104d0295ab00c85e960111ac25da474366599e575a9b7edf6145f14ba6d3c1c4)
            mstore(0x180, 0x0aaa35e2c84baf117dea3e336cd96a39792b3813954fe9bf3ed5b90f2f69c977)
            mstore(0x1a0, 0x281154651c921e746315a9934f1b8a1bba9f92ad8ef4b979115b8e2e991ccd7a)
            mstore(0x1c0, 0x28c2be2f8264f95f0b53c732134efa338ccd8fdb9ee2b45fb86a894f7db36c37)
            mstore(0x1e0, 0x21888041e6febd546d427c890b1883bb9b626d8cb4dc18dcc4ec8fa75e530a13)
            mstore(0x200, 0x14ddb5fada0171db80195b9592d8cf2be810930e3ea4574a350d65e2cbff4941)
            mstore(0x220, 0x001c1edd62645b73ad931ab80e37bbb267ba312b34140e716d6a3747594d3052)
            mstore(0x240, 0x15b98ce93e47bc64ce2f2c96c69663c439c40c603049466fa7f9a4b228bfc32b)
            mstore(0x260, 0x12c7e2adfa524e5958f65be2fbac809fcba8458b28e44d9265051de33163cf9c)
            mstore(0x280, 0x2efc2b90d688134849018222e7b8922eaf67ce79816ef468531ec2de53bbd167)
            mstore(0x2a0, 0x0dec54e6dbf75205fa75ba7992bd34f08b2efe2ecd424a73eda7784320a1a36e)
            mstore(0x2c0, 0x1c482a25a729f5df20225815034b196098364a11f4d988fb7cc75cf32d8136fa)
            mstore(0x2e0, 0x2625ce48a7b39a4252732624e4ab94360812ac2fc9a14a5fb8b607ae9fd8514a)
            mstore(0x300, 0x07f017a7ebd56dd086f7cd4fd710c509ed7ef8e300b9a8bb9fb9f28af710251f)
            mstore(0x320, 0x1049f8210566b51faafb1e9a5d63c0ee701673aed820d9c4403b01feb727a549)
            mstore(0x340, 0x02ecac687ef5b4b568002bd9d1b96b4bef357a69e3e86b5561b9299b82d69c8e)
            mstore(0x360, 0x2d3a1aea2e6d44466808f88c9ba903d3bdcb6b58ba40441ed4ebcf11bbe1e37b)
            mstore(0x380, 0x14074bb14c982c81c9ad171e4f35fe49b39c4a7a72dbb6d9c98d803bfed65e64)
            let s0 := calldataload(state)
            let s1 := calldataload(add(state, 0x20))
            let s2 := calldataload(add(state, 0x40))
            let s3 := calldataload(add(state, 0x60))
            let s4 := calldataload(add(state, 0x80))
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x02327dbc05997ce8575680e4b8929d4e9ed25fb9204277d603061986dbee57e0)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x28db35e17bb31e5be954d69f5bf8f6838651bb6f5c80f750b6b7017643b6c28c, p)), mulmod(s2, 0x26dd684288015065728c5e09454535a33e1537761d874102bd4ecd2baf40b384, p)), mulmod(s3, 0x1895d33a312becc17090e45df74981b4fc4b220d3aaa346c7e8485311cab159d, p)), mulmod(s4, 0x28bff25eb0f2a5c6d007a92a7c4d88bd9c12c5622d0ecc5a509c404048b7b5aa, p))
                s1 := addmod(s1, mulmod(s0, 0x130136f07c7e09acd49556f3a6bf0739c9efc0a1be738453af67b31e845c976e, p), p)
                s2 := addmod(s2, mulmod(s0, 0x259c455761e6b6420dadf3d6b64eb65493f989fb3e5698e7307a6d6075714ede, p), p)
                s3 := addmod(s3, mulmod(s0, 0x1c9ac464fb08828d02006c7529eb1e8f45eef54405ed2cfaa133bd697f618929, p), p)
                s4 := addmod(s4, mulmod(s0, 0x060abe65207efd0fda7b24719d35018f7607dd732e71c05077148f3d046dd180, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0e05235e01f21cc3f2971c382d18c14e41785a5ec8d447cd93d13281792e6d6e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2a41f347b5f6eebe8969667071926905a3e6e521b85a89006ec2f500ef42b000, p)), mulmod(s2, 0x17840fa3a180177731bce340ffeb5a3b6a68b94e3f870501e787edc5a94db63b, p)), mulmod(s3, 0x161ec94c3f624f928eadb0e2f2cf6b16430fba680a5a50590d89005a688d9b18, p)), mulmod(s4, 0x22d8be171b4571fb5b773c3a548fbb286b06e2701ce99b7630866e1bca6e2cc5, p))
                s1 := add(s1, mulmod(s0, 0x052464c9c7ad14525380aaea9b06e76f03db8edd220f90b03a9feef2fecfb978, p))
                s2 := add(s2, mulmod(s0, 0x0bdee83b20d91ff9a0404d8b0593879c90f7be5a95a22c8e1b157d92c3cf4746, p))
                s3 := add(s3, mulmod(s0, 0x2d84235b4f4e04262d8f246123b8e631ad51a4e1051f41f1c89cc42b61717302, p))
                s4 := add(s4, mulmod(s0, 0x03d6b62f816bc4b464e2971cc6a7c1a585e519266c4627b1367ce7963cf93d86, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x098afa2ea7ff065b2adfc4ab00f3b04496c1e490eab264d2370b107e5a49204e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x16caff6fcc165168b3ed958d3aac8d09f98f670bdbb847ec0e9083a022d27692, p)), mulmod(s2, 0x2cd4beaac59c5306bf76ef7e06c81adff6de4bee730cd4676e966db45fc067d4, p)), mulmod(s3, 0x1b11abd8ee736830ffeda3782fc7a82623ecc5afa92c0ec9eeec58177ce8608b, p)), mulmod(s4, 0x2c80d3430e64bf850c9e10a22f6b781fd513af20d4705435bc870ec8cbe93cee, p))
                s1 := add(s1, mulmod(s0, 0x2d2f20d2ec0e52eec9fc2d0e49fef7a2454aa77a5055ebfc4d4449e8f83bd015, p))
                s2 := add(s2, mulmod(s0, 0x1e51c55a8d7a04be4edae4f7dfe6137e96370ee2a4ed459ec524b19de646e0b0, p))
                s3 := add(s3, mulmod(s0, 0x13d4327afa809e26c8f97e36ebb5be1d3992ec72d459760bbd25659790738f43, p))
                s4 := add(s4, mulmod(s0, 0x176222f47d8c0ff9e8a967920376793dbdb9dcc3a79b44fd25e1f43a755e6b81, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x27bddb7bf06eaa63419adae44209dd25a4e35edcb863b009bd34ccc4905d204b)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x05193cbcb59713c78012ede93db828e69336a197fdd30c6b7d03b1cfcdd6adfc, p)), mulmod(s2, 0x2bbe660fd34f6ac3f2545cba9f717d2eae9f8c60242851657f8661504a457c69, p)), mulmod(s3, 0x1fe59c3d2724f4158483406e6cd62aafa121c451f13e48ab3c857b2293333c3b, p)), mulmod(s4, 0x249c893f9de208601de45c9769ebad071eb864524003add0bde31fef7f4f91a7, p))
                s1 := add(s1, mulmod(s0, 0x0c20c4a12bbd772e0dbb929b69b24751da26b0fa8639005ff786a25ac1a5fe96, p))
                s2 := add(s2, mulmod(s0, 0x1a0750fb1d27bcb326ceb3a3065a487cf7d513d8954f31dfb174fc5ed95ce55b, p))
                s3 := add(s3, mulmod(s0, 0x16d40c0ba7a7aa232eea997d45ec4f0567fb6814677b262aadfaefc91d409cad, p))
                s4 := add(s4, mulmod(s0, 0x025ccf860fc7237cc8721aaf1c717190db40ccd65bf65d108b16f851cebca736, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2704406bc806f4ccb19085cb9d3771b12ab5ce7aabf0601e9e06a2bc98837ade)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1a25b1a6b81926e968ffffa63979c900c1e82452c986ae599ef991ba214e6f67, p)), mulmod(s2, 0x2b344bbb50400ea76151bd0b68c3139955f101c701d32befddcfec1ca72df25e, p)), mulmod(s3, 0x1044e69af594eca5f9ca7ee28cc38d161d01037fe223412e2f10838bb9ffd1e5, p)), mulmod(s4, 0x1145f6f783af7d1e0ee3388f107ccc27609bb8314bce27b03dbf8d02843ab2c7, p))
                s1 := add(s1, mulmod(s0, 0x20ed7009a6093b160020318b0bbfbc9a9d14de64a3aa25936ddff0ffe3a3bc4b, p))
                s2 := add(s2, mulmod(s0, 0x24cc5ed4ff9d84fce95c1508e1c7852fe60a6def592f423bb79c229327be7627, p))
                s3 := add(s3, mulmod(s0, 0x1fc31b0e67cdf9efa9c0c312afe54b5158ada1511719c76953587b772f1c830c, p))
                s4 := add(s4, mulmod(s0, 0x1faf997032cbbadc0c6d30fc804d068faeccbdf7cc90155395b739e017081259, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x21c75c54664b9fec86756aa9027261975244f42cf91c9cc0b33c2a62b756a3ef)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1197c402e5f0a49c8f9b9a41af6fbcd013cf9adfe864613c1bdecb6201d9651e, p)), mulmod(s2, 0x03025d698462f4cf23c7d4d8a3eec4aa8e1a2184a43020122db653afc6d0deb4, p)), mulmod(s3, 0x0ecd1d402fafa3602052ab586f804ec15f1910542f35c608eb7a247d5a960cc9, p)), mulmod(s4, 0x30021619d0c0b402b429d4e962cc3c2a2d00c62c131144f7b3d7f8acae6975b8, p))
                s1 := addmod(s1, mulmod(s0, 0x2bcd05e889bf0fcd9dc4f5faf21c506cde15c316aaca47724e71bad0cf34b27d, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1b890b4097a781900b40d9c1ffa06a5e8cd05ae8fe52e040db0e7085ca46b460, p), p)
                s3 := addmod(s3, mulmod(s0, 0x08081b53a974ee264310b279468093218cd5e5edec1b7da6b21ab35622242e48, p), p)
                s4 := addmod(s4, mulmod(s0, 0x00e6632e8ec976cefca5b164e6c07ab40ac611fc723e8d8a14899a4cf4be3b2a, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2be84c1d84c16038ea5f933290699daaaa8164c5ea39a02bcbddc66cf69fe8ec)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x063a3f8dea9d024a6f6a851ecdb21bffbfe259ac17f6793c91e73823a82f4f76, p)), mulmod(s2, 0x23b2c6ec9af5d0188e75baab9990f663f8e929bcdac96cc09c4c0626274692a0, p)), mulmod(s3, 0x09a41c06730fe53d395c602113f1607fbe01425190d50d56e9f215658ad128cc, p)), mulmod(s4, 0x16571048fa92024a9345a0ffecc159e76602455a71bc7e9c9c01dc50d8aa1d6c, p))
                s1 := add(s1, mulmod(s0, 0x2a5a7e76dc76ad78878b3d3b4c74995e2ce77bc126e4d17db507161b049eadf6, p))
                s2 := add(s2, mulmod(s0, 0x0a23738e129c11b285d81c1c01e3f87989c87600727e7593af45607f98fb18eb, p))
                s3 := add(s3, mulmod(s0, 0x2ce8d6eeaf4d6c7ca0922c4738e81dfba227e98fc3ed24e7696ebe9c2732a1ff, p))
                s4 := add(s4, mulmod(s0, 0x022e3bfb13d10368cee5175f5e2a2cc205d28021caf5fb2898de2389123178a5, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2c970e41d48649cf013c676c8c688ac165563720d1d5f32628ac5b239488a96e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x066c43e71903c5b74ee8e90ec30a1d8cbff7d8c85d3c7b995a976036eef8c4b7, p)), mulmod(s2, 0x2fe5dfcdc9335f0c0dd3d08f4e783a5ff6c2e6fb7e2928840821e6da8d91570a, p)), mulmod(s3, 0x009accce03257f967a24c11ce718f21167d9d71a1cb60a4f50d0228418428300, p)), mulmod(s4, 0x224e2a85316b67bf2dc64549c505721a7858438a00e793fe76b961bfbfb67291, p))
                s1 := add(s1, mulmod(s0, 0x29f1447b45128f5c1cdb12a334509e0a991c0d2c9360a5cfc28af420c2ffffe0, p))
                s2 := add(s2, mulmod(s0, 0x1301ae5665bd3e87cb647f566ebcf2f2eb5bec4b257a77061a15dcc7b8b34abf, p))
                s3 := add(s3, mulmod(s0, 0x0fc6599ea957e02f69b1ca585c7135425a6825867d0cdd2b06019f3c9398ba4f, p))
                s4 := add(s4, mulmod(s0, 0x022e91a30a945b960bd87d7b0d8290dcd5f5b1caa339c41aef323be1ba9c724e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0e1ad2660a2e958daa1f2654b3a37fee60546ca0327150733070742edc806435)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1c7c359c26eab655aa469e0f9a8cc3d8c7a8149ba9e9baeca9233b7edddd1d24, p)), mulmod(s2, 0x1ddf651a5d396b680828eaea1f252625db1988504765eb4aeae3274a19cef175, p)), mulmod(s3, 0x0ab486e3e737f40898d3fdd6bab09213c0056c2e090a90acc754574739159385, p)), mulmod(s4, 0x0d0b817b8995913e3ddd08b576951bd47b45f536739fc9cc782e769fd17e0028, p))
                s1 := add(s1, mulmod(s0, 0x13471abd3a25160947928376fcd79dd5aa58672f8382745e3a040c2acb464974, p))
                s2 := add(s2, mulmod(s0, 0x07bff672e50ff1f20296b1838e5270229a7477110d9a7fb56580371ee4ba38c4, p))
                s3 := add(s3, mulmod(s0, 0x23f91ef1b8182e80c8a0f54c3a35ad51cb9a3bb61b07b3e34386f16f7f4b32bd, p))
                s4 := add(s4, mulmod(s0, 0x16c390b3fdf09c6c42e50b66557532cc5998cb5a8c15446d31813e7b70607ec5, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2060ee7fdf775fc7e389a55376374c9e35d5c8763d597f426304e236f577b829)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1976d21aee74f79c60d44e46029a5b04fc03ebfb9bdb09a0b5dbb89f677cd296, p)), mulmod(s2, 0x056e7cdc08bff8d8bc12dc72af3c84858dde68919cd991bdf513656eb0a0cfb2, p)), mulmod(s3, 0x22b7992d7c0ed349aab7531de2f12da4fdcf961215ba06f2b7577f5d42bfa85e, p)), mulmod(s4, 0x10f97fcc757a0d6d0d4e2d585ea5968b3faba9d6458d16bd366d081ab65ae95a, p))
                s1 := add(s1, mulmod(s0, 0x21bc046c3d727baf6e65b568653a398aeed8c95b73567feca3884a051ac001a2, p))
                s2 := add(s2, mulmod(s0, 0x0e757fd0b77219a771723e071c9896062eedbb3da05cda25d39ead3cdf738491, p))
                s3 := add(s3, mulmod(s0, 0x1ed536c497ff36f612f326f3d03e97d30abf91605ba686af36ea04c19cce4f4a, p))
                s4 := add(s4, mulmod(s0, 0x2491340ecfed3f98ed6fd566034240e64a08e5a39a468c78b31e4734a679bd67, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1e0116818c843ed86f09daee0a581af10d52deeadad77656e736eac08e6f0f17)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x144b73c6f361a4c232674a08616b36c33f7bd667dcaeec35530a2e8fcb66103f, p)), mulmod(s2, 0x00b244143540a248840ba5fa161cbfb2fb2dab97332073042cbf8a932144d27b, p)), mulmod(s3, 0x0b5bedd8122560caf5a9dbd69f82f7439543bbad397d7cfb4ef7782f64ea4e12, p)), mulmod(s4, 0x1386c7e88c5c0bf880b28eb2735e221c2a88e7f871ca5d720c99b4287c528a67, p))
                s1 := addmod(s1, mulmod(s0, 0x277164cdc5187613b0a6d6450b56cabfc828f20dd7d07611edccbfc3d381c9ba, p), p)
                s2 := addmod(s2, mulmod(s0, 0x016bc97ee1ac4b1cea8f96e731dfa610212aec4a193015b94b0f2a1657d41f13, p), p)
                s3 := addmod(s3, mulmod(s0, 0x0b341e4361f31734af9951c20a6aace08a3dc80f57379add9693b56b047b3480, p), p)
                s4 := addmod(s4, mulmod(s0, 0x263a060ba49fe4862df997994261e665c0406642c669c32dee4ae7a153fe1dbf, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0a89c1498ef25a383d886bb58424e6940ac399e3e557e9de951a697c54a7576c)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0df811b70cab32c0ad0aacb576fd95b23424d3686d79e36feeff21d1aa047eb8, p)), mulmod(s2, 0x00afae979e41c0cf7d662b4cf09e93dca70c0945c6759c4f8d2c935a6084eced, p)), mulmod(s3, 0x21ae12f1dbb152c33213efe9cdb6044574b3df8236be92341131435152115e5f, p)), mulmod(s4, 0x272fd8955a7524a09f77c28ce89d58caf7d883f9e4503ad6a37c0eab6bcbe468, p))
                s1 := add(s1, mulmod(s0, 0x03712cabfab0f6f3d23ac7beb815226883f409d60d798242c6d5e9dae8178fa6, p))
                s2 := add(s2, mulmod(s0, 0x15bc41d746b14885ba93dc7d00594ea2f174b3b3dbc1acd774335405c18b154f, p))
                s3 := add(s3, mulmod(s0, 0x09dded6d75c33754be1c1ebd2dbed077c1f1cb80938f0798bb2e25b054a52962, p))
                s4 := add(s4, mulmod(s0, 0x1d9fd7f273e141e48d7ae825a6d7758e351d80c4ed50139a659d52edff60d227, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x0303743d6f36d925e1097483350f5bd2cb297d4ec9239209f63c516b849a67e6)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x00ca2cbfed626671d6e0f2e3d1b6b2ebb5e9048c2f1273223c34fe599429e1f2, p)), mulmod(s2, 0x1e9bb2efac004014858166710da5d764ab36b80e4e97500d784fe5cc2326fca1, p)), mulmod(s3, 0x23f8af81b77d2f06d566eb0d9096c4b267f498f92bac69d622dbed85bc8a8ada, p)), mulmod(s4, 0x11546811642965c71b3865d830809b7f402e02d1980c3219c4bbe48e8bd37811, p))
                s1 := add(s1, mulmod(s0, 0x2b872c434320ac521ac1e14867c05d88692de6ee063f402c28cba02adeaf9c51, p))
                s2 := add(s2, mulmod(s0, 0x1f80e8d09a04ffb20613cd83ea35fc1593f9a5d8db6c846d80dca53cd4ba5a94, p))
                s3 := add(s3, mulmod(s0, 0x117c4e17071565b51a2b97908f375ca0194dd595e9e873e8c0a158b59684ac70, p))
                s4 := add(s4, mulmod(s0, 0x14da94b9be3adb3c5f7cd04dd5c58f63e74245d5a1e6fce5de3d093d476f08a4, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x08cf44446d968430232df175d462b9c9b0e2e2c37e8406764cb96c7c3446018d)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x2ac96264771dd5b1762078d5132db23febb0d2edb19c7b24848d4b654e9ce670, p)), mulmod(s2, 0x05a23e8be5fe8e01b11d0c7a1dc85c909602604b15d620c7a51e2b017dd63830, p)), mulmod(s3, 0x172623676d3d38b2c68ba2b30c12c5818d874d83a98478cbec0b1d27f5dd7ece, p)), mulmod(s4, 0x0b632ee1e8730d509691580805b890371ca2d51bce083faed1615a845481de7b, p))
                s1 := add(s1, mulmod(s0, 0x2a220ef566e4d54373e1a095231c10905a2f5e72edd2b6259b46ea45749203ce, p))
                s2 := add(s2, mulmod(s0, 0x2ebf4340ee05460d8298d52260b4ebae389357bd857cb638c41b2708cc333dc8, p))
                s3 := add(s3, mulmod(s0, 0x27e873b1750916366d2e7906ffe4f42e6dd7545bf534adc73a02b7410f7f8275, p))
                s4 := add(s4, mulmod(s0, 0x1ee70cb51ad6da4513ce42ff200e46dfa39992a90447f1004765711f3f5ad52e, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2419811cbaeb3f551b0a9232eee5d53e3769fbcf5239533074375f1b00777f16)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1021282efc84669e4a98956e30ad0043c6c19dfeb98d6d14bf027bcfa555f8af, p)), mulmod(s2, 0x1f1c2e424bdeadd277162d70faeb398d661225414a975a59be613e47274b73c3, p)), mulmod(s3, 0x1a71e415abc5ccd5bf268130070e89b1e61981cd54f6e5864b8cc4e1d50bb21b, p)), mulmod(s4, 0x29799820e28bb9c0a7bd0a2c6d6105e5c91f8f88b2823da7c57825067214dbb6, p))
                s1 := add(s1, mulmod(s0, 0x017377cb0195b95b473606c81a6bd5c807b22870afa6cb230a1048e9515e31db, p))
                s2 := add(s2, mulmod(s0, 0x2f73cf9f22e0431d5e7bbd907ebeb8553b4117ff1fc50d09fc7b75935ef41251, p))
                s3 := add(s3, mulmod(s0, 0x19cd57e77a99328260bd31fb993e7bb3fd27fdc21b2187fe3a4bac0ad664719c, p))
                s4 := add(s4, mulmod(s0, 0x0d5ff1b6b5f33d6d568d9197d0df40d07abede20ae3a94a0292c01c304012713, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x004237c622626db376b774849dbbe876809082f1b13f5824f4c58369f27fe7b6)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x26c7615e04be2355af0773fc0e025f86baab5f59d834ba005e099d95331d61b0, p)), mulmod(s2, 0x170ea6732c6d1b2ce3279f2d4990926fb8d279e4864d966ce6ee6c319739c2f5, p)), mulmod(s3, 0x2f870269a506f351fb0b9a9d677bad1bbc5e6ab40ff0afc1772f02ba395fdc8c, p)), mulmod(s4, 0x11986790a1cc239c92bd4b8d8a1b9baa76e1e49f847f16ede5f6398aa83e97c2, p))
                s1 := addmod(s1, mulmod(s0, 0x2510c2e5a39cd6c243ff590621941b221d2a2c5a79ed6e5bb90eb1008219239f, p), p)
                s2 := addmod(s2, mulmod(s0, 0x1ba5c05a828609b93a7e151338699af0b8b0aa96d3d5cc9e7d3785333fa03dcd, p), p)
                s3 := addmod(s3, mulmod(s0, 0x08648c03bd03b5f4dc3868ac1c47363d90010b9cb19933554fc7586b97b5fbda, p), p)
                s4 := addmod(s4, mulmod(s0, 0x0069d0c72c5880618f66ad58d65f09e5fc488697c71d92135be291f55d496cb7, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1e5b490c72eeb607e114a5cb87a8494b178937cdee34b9e8e947342c14454558)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x091acb34aa0d03afd0ea47c1d56965a9051b05eebff9af71e07c4554184f462a, p)), mulmod(s2, 0x2b3f75e8ca7118776d9676fe058565eb99b6e99bd23505a8fefc927e17cf5336, p)), mulmod(s3, 0x16d9ae82c0073fe1dcf35384c0dce87494b2400f9027ce1e64ee440a439fcbaa, p)), mulmod(s4, 0x2a11becd9333eb48f3027ad8f3c24fa1a0ea671a1020278ad84c863c322e8057, p))
                s1 := add(s1, mulmod(s0, 0x0d569be295d5e44ccffd9d3ba84aaf6a0c178e8639689aa6c57214f00a6a9d90, p))
                s2 := add(s2, mulmod(s0, 0x0a66025e45040fd45eb136eccc63e2d7fd237aae9b62e2330aaaa0bb44dbef48, p))
                s3 := add(s3, mulmod(s0, 0x2cda68234c7e22d8fd725d952d3c529b6997b68dc02065f6a047b6cabdd29e42, p))
                s4 := add(s4, mulmod(s0, 0x1f9ab3e8029afc72f56af02ced5a6b145ebc81444ed12e82c7ea547e9ad23650, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x04265333e59e1a5ff749203cb4a5d1415a72862c61380b1c242d0f32ca15b97a)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x18a2e32bb69277e0f5e82c2a60a008b3db5caf3c53a669215c0b3493b73c7138, p)), mulmod(s2, 0x224c4f2e98b4fa10d4ddc83f26ada461e5b4f412f94a1eb153be707470746fbf, p)), mulmod(s3, 0x1b2a8787e954d981add1b123a6f6c100a609e8135c0781ac9a1e7e326c4b0f4e, p)), mulmod(s4, 0x2da288c34f32d86d5dfc0b2dc9891091d396d36de9f70589b7beee769a058622, p))
                s1 := add(s1, mulmod(s0, 0x2e24d351b0d0e94f3e0f83eb60f2d476b8b64dcb47674290e87b27eda7f20180, p))
                s2 := add(s2, mulmod(s0, 0x14af016f9da2f982e82aec1ff6ee809445db2c6d85382f959508a31830dce9d7, p))
                s3 := add(s3, mulmod(s0, 0x091aeac9bde9ce64a54cbad523032180c2135b51ec4547ebcda08824bc9cdf9e, p))
                s4 := add(s4, mulmod(s0, 0x0caa07eac62d9f07c17f63f749b7047eaa1adda97f5716d76f23affd6d845dd3, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x189deaf74258451ac4da682532be43d24a5c683293c1ff7486de26d35d982e86)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0554f06e31b164d9d7ada3e01c4bbf452fdccac121ca787b08ad50dd2928ed42, p)), mulmod(s2, 0x0bf8f8d7702b1e8830bf126dc420158a624359067a0f6385068390b01d176601, p)), mulmod(s3, 0x1604d181baf488dce4f99bf63c065ed934ee29f0649af4dcc9ac2a2887e8690c, p)), mulmod(s4, 0x0ac951e2944f7532d4ddce72d31c8e91c0795cdfab82df338f172dd9bffdae43, p))
                s1 := add(s1, mulmod(s0, 0x24d53d9f665348c12bdc3425c2b83e24fbea3b66b0c9d119146ed5d5a1d1e9f3, p))
                s2 := add(s2, mulmod(s0, 0x1ee01a89a7ebc6b8e93f2ac2e60b9909e3e3d855852e0e113a72a118f56e2da3, p))
                s3 := add(s3, mulmod(s0, 0x2b78c3171a3c8ec6231bb7c208e5b7c2c90a85956a7f2a1f763cb6c883059938, p))
                s4 := add(s4, mulmod(s0, 0x07ca1e306d90787461696fc7e4a3938712312494329be76c8e2b402cc0d617e1, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x04ec516b0fd42fa53a34905cfdedaad021b36399d03d8263ae08c46af3eca76f)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1febc25f88aab92179ac3cefeea663f51562f6fc631bb236c04f5ef85b464784, p)), mulmod(s2, 0x1b1b065eb60dbd39a34da94414fdfa4415933a6bdba5c2de470ad8ccef1b28fd, p)), mulmod(s3, 0x0060fcebd24cc08503ac4f80c0ffb87d0898f34bdce41420e84d941b5f7d352a, p)), mulmod(s4, 0x2a7b16d282447357a66d83fc5aafab7d3edbcb3f01105f193954c5ed496ae165, p))
                s1 := add(s1, mulmod(s0, 0x0ac39f59e76b9e296ef53921ae0436ab01217493f948bf6eca12b11ce46678b5, p))
                s2 := add(s2, mulmod(s0, 0x090b38aaae1df1873784a8966f1f62b68bbd93d34b0f4c637e208f9aeaedfc26, p))
                s3 := add(s3, mulmod(s0, 0x1ba601baf813cb2d40ed5674747b9e3d5760143501e0f21e31a7dd44b7135eb8, p))
                s4 := add(s4, mulmod(s0, 0x17695ec6204f10059ae5ca72c1332bc882cb7b4e161accd1ba9ef760b7365d5d, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2ce1c8a00845a82b3aa1b6642fc988578576cef86196525e6d595c7701ad700d)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x00ab5930a06bb6b9a78e664dc5308da0b64d1e09e6c69fa583bc737245c5a469, p)), mulmod(s2, 0x16ab9a5de48bf089fba600dc70d2790ce0e8f79c1430566802f97fee43bc4e2b, p)), mulmod(s3, 0x075df7d5cdb7ccc175462dfad73927bf5a5f465e15ad267930c5ec846f42ae5e, p)), mulmod(s4, 0x23e4a7be74d0f0930279585aeaa432b5c28a4a2b21e3990aa45b5092f08d48ed, p))
                s1 := addmod(s1, mulmod(s0, 0x298795a8af97b8b3d378279e60b276b95227e66d74e2dc66cffa1c495af98c25, p), p)
                s2 := addmod(s2, mulmod(s0, 0x133d1455b6ea278f4acd91c65906bf75f2c90e41cdbefc2721b1e96adc5eeda7, p), p)
                s3 := addmod(s3, mulmod(s0, 0x24b722af1967cddac6a1745b71aca7bac72d436ed464e2b8ce55aa2ad5ff3502, p), p)
                s4 := addmod(s4, mulmod(s0, 0x276cb6e59cf4a06ff6775a537a4b04c6b42780c9c98a51ff634804b23acfac2b, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x247816fd0d34f9d3b396917478605c94a1c052a6ed663bdc344e7aee9686b6b4)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1044b0ed6b39096c0ff4d292c18632c909d1519149139b1cd192de01485dce3e, p)), mulmod(s2, 0x2dc918abffffceeb34cb17a8cb532f889d7dea98e9ad2686ef8e30936ecdb03a, p)), mulmod(s3, 0x2a5030937ec5690d090ad8b3d897541ecd187d2ee126fac5be6a280fbd4aa465, p)), mulmod(s4, 0x016961c105f85925010e0fdd445ee840dbd3370aab933ccfcb6e4b24a8826037, p))
                s1 := add(s1, mulmod(s0, 0x17262da0f8e41b6c42707dfbabec1d9f79ecdfdd25a32c2a640d3c5a4a3e8770, p))
                s2 := add(s2, mulmod(s0, 0x059935903a135cffc7c5e8cb06de7a0adbc6fe4f66b07a74172eb65951c6a345, p))
                s3 := add(s3, mulmod(s0, 0x1ea2228bc5f09dadfabf025e3d19db3cca4e448e60f2973605d2559a27b3bff8, p))
                s4 := add(s4, mulmod(s0, 0x1e35c4737f19de2debd3760ddc81e1f5857a01c42c86f4e264ba323f4165d5ed, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x00c676dbe6c494d5609c444de622bcf60cf555091a507fce86477019daea987d)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x05958875cfb17091058a7e29cbfe20d0d242ecdfbd3635279cd1e0c3a1144dd8, p)), mulmod(s2, 0x19fd165b2741329dc18d2a5b03d7b58eb3dcdf2c2b0870731a924387139033dd, p)), mulmod(s3, 0x11cea375386801203c61577504cdc68493716d023d116356def9ad9825be5887, p)), mulmod(s4, 0x2e911408231ad83ab40e44e28ee0b017a82f7e080a0d4bc1b42c52e9205ed13a, p))
                s1 := add(s1, mulmod(s0, 0x09d3f08c1d2cd4de393b703a7dd94df0540c91b59b288df6c1ad8ba0e51f179a, p))
                s2 := add(s2, mulmod(s0, 0x0d8bac92c12807a3fb4b20ec11e083a88b953070c08c1ae9be28c80cddb29a50, p))
                s3 := add(s3, mulmod(s0, 0x22829b774491c0e3add8e7d2de8096cb55a1009ae9ce983b80c14972bc68b84e, p))
                s4 := add(s4, mulmod(s0, 0x2aec91a87a1731f6b2f534955aef3d09ca7e2ee2dbdb5e9a0d15db232557c621, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1cb395ade530fc2407aa7b2148d2dfaee30f4ddf258fc149cce3c5cde80a85d5)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x281ec503552e6778fbafd7270951cfef153fcfeca0517410e495c62b81655f9e, p)), mulmod(s2, 0x098a3183f2ee18973943856c28e0dceb4392af147ca8b528ebee97577178bcf1, p)), mulmod(s3, 0x0794a78e51b51af07808b643ed37bad31e6d6c68e5ef3171dcd06de598c6c29e, p)), mulmod(s4, 0x214a19348cd7cc8b1f985287e637e7987a3bedfa233f98dae9774daaea42fce9, p))
                s1 := add(s1, mulmod(s0, 0x130acc584954a9048597bda6395bd25ba02fce56102928cea7d5a6f520683ca4, p))
                s2 := add(s2, mulmod(s0, 0x01d09e1227434a4bcf72d8e91f5419ffd6da212a1d1ccb2a51b03e80aa258243, p))
                s3 := add(s3, mulmod(s0, 0x127397f2b156ba00d83847f03dd242007faf326271d0e2cd4f6dc84c961b19a6, p))
                s4 := add(s4, mulmod(s0, 0x0971a3d373d35db8f181e0d7b26c33cff17e533e8f560d844694f853e7197e47, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x190e1494e3cfdada3b9e65d8fe3c1ec769540da023f9ec2e56259f6a56890b0e)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x241c8bcc463ac96e3c1cc240ce83c44edcf9c781e258a2dad09d1976d9dc6dd6, p)), mulmod(s2, 0x1a0b489baf0a182599f458897aa340e57986dcde7bfd34738851092a75ae6e0e, p)), mulmod(s3, 0x102c886ce6381276fe52d15c51dbd571e94904a8ec4d4445d457d596442e443e, p)), mulmod(s4, 0x289f8a46d6792691caac00cd43dde74940f122c0e5ac202588349c2eee473f6b, p))
                s1 := add(s1, mulmod(s0, 0x2ed1721123242c33f23f809f6e431511594c10b0533afde3304ba62afc55f5ec, p))
                s2 := add(s2, mulmod(s0, 0x0c730a9beb7b64f090a39929af4901900e772b0f817098adace287cc20dd9e84, p))
                s3 := add(s3, mulmod(s0, 0x0480eb2f48521f46f5049f8d9d682d6f4060ff6c4190b2a22c40c27d0754b912, p))
                s4 := add(s4, mulmod(s0, 0x221d30bbccbb39bc23ffe2c8571a8cd1763cd48de6dfe21d7d8f2805db1e5066, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x18f2941b2335138336c351a792343222a845ee0a2ea5a3b9160c1d6d9b229fe2)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x022eff0bad54cf4f8fda9e07bfdae36713527756cff255aa481b730bd286cc90, p)), mulmod(s2, 0x220c6f4c23ec9272eafb522055494a1af4de6fe7456b39c5db851e1299b7a86e, p)), mulmod(s3, 0x18d66b43fd01a9cc88dd14b1b5d6c0d23b29ac28775ff60d3ccf36039de0963a, p)), mulmod(s4, 0x1f62901537c1c56f671fabbb4fc31fa743f3236c26f9f5c98ecbf332eda817df, p))
                s1 := addmod(s1, mulmod(s0, 0x130beece629451200a3de22eab4c45bb592aad667f9fc6729842971d4a802fcc, p), p)
                s2 := addmod(s2, mulmod(s0, 0x24411acb2c9c481c59adc41bc54fdb0fac658ed6e0b3636cdadfd12c386f8c98, p), p)
                s3 := addmod(s3, mulmod(s0, 0x2370059923938a3552819155a8b3816fb90cbde45871f6c122c190a27e7fdc43, p), p)
                s4 := addmod(s4, mulmod(s0, 0x217ccb823582bf7edbf4a6a64692e37928f2b02d79b43775abf304500dd2da46, p), p)
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x14ea23ce8b2312e07df57e0aece1da5d2c0e01f757e6a5c86ab5e403688544dc)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0e2be5d3f9ee73557a1c421fe42cb29bdf8f4a58679a61496bf8a5a4f9bba3be, p)), mulmod(s2, 0x27639d7e461732f3baeb172103de2bc4a26708623919783fe54774153bdb59bf, p)), mulmod(s3, 0x159c005b660c7fb3551cbf624aadcec047ce72625673c866c5fb289f8c865fff, p)), mulmod(s4, 0x130d38734b549e833b50c550a90580c53248bb96731c0921ad6373316dfdaa8c, p))
                s1 := add(s1, mulmod(s0, 0x13ee4afd14334602b6791a7b8f49c4f4979d485b8d1b1119cb4a2a7c31a74f39, p))
                s2 := add(s2, mulmod(s0, 0x2d2647b74c63579e81a6270afc73e636e588996745ac0499dbeb6a7cf80a889e, p))
                s3 := add(s3, mulmod(s0, 0x1b884086fa3c4173be0fd5cb1c866c87e0f9ae4c3d9f1e3df630cb4c2fa59af5, p))
                s4 := add(s4, mulmod(s0, 0x2289328b5db5b2b2d00e76ff78815696e77eb19acdcb6c84279e65fcce29d15d, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x2818ad1005f4efb5d554361a29f85ea10940d6e71f38e8369beff3563a660bbe)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x0bbd293300c70f612c8f5b7bcc6c4106246d2f713df02774a29742c31efeb4ae, p)), mulmod(s2, 0x278e2893fbb5d590fe623652e50086d58ab18d3015a59d6a61602b409252ec2b, p)), mulmod(s3, 0x2fcc41f73df0c835b0b514cbdd469af1e2b494f05269d15a6343af34668b18c9, p)), mulmod(s4, 0x0378097f57525674b961d42a2f57a937c1fecaba4c673bdce345050d981b8fe0, p))
                s1 := add(s1, mulmod(s0, 0x15a6727e6f181a5da795ce173f1889e07f12892e13f889c4f8f6c71725ab9f62, p))
                s2 := add(s2, mulmod(s0, 0x1edc3a58673d364ba5906c3b39ff7f654c5d42f4ff94e6e75d2c500842846477, p))
                s3 := add(s3, mulmod(s0, 0x01aeddbe743c87ec10fe447a5d08ab5c73836eb214ef95a08ce91131b8e1a7f8, p))
                s4 := add(s4, mulmod(s0, 0x286e544456f114ce609d6b805b31064ab65482585699c91b9b3e83a75ca386b3, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x23ce3a9a522915a281793977b49054c37d65f90b841e0ca90817bab49d79db4a)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x1477e88daf9348ea5f95cb08426f4285c654a897a2c4895333052fe2cdba34cb, p)), mulmod(s2, 0x0c9918bbd089bc26c937ae2e0a92a1d8c87cf4480b055e43831a5e6a3acbe5b5, p)), mulmod(s3, 0x283c24f7bedf789f31465682347ff86b4c0fbb7f9aacbe5630021b41532f7931, p)), mulmod(s4, 0x0b1e5f0ca68bafaf026438a4682a55c1df5d387c4c5f3e111ead3163eb5b2754, p))
                s1 := add(s1, mulmod(s0, 0x2d9da1df21f14ce401ff84b99fba07311a9da3cd7efc200695ab55b1233b9043, p))
                s2 := add(s2, mulmod(s0, 0x0bb61e50ddc0821f0c03b3bed9476f580a02157b6a69a17f2afb0eff5f1e2a37, p))
                s3 := add(s3, mulmod(s0, 0x21dc1358f62ff3dc24cfc896fdfbae88b0074323dfc7b36d680edba89c470e4b, p))
                s4 := add(s4, mulmod(s0, 0x0dc75868b6f7e6ec9c26221637eb789b9e4c2b892ce81b527c7da05627ec2dc8, p))
                s0 := t
            }
            {
                let t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x06c2ed2be876309a9b3b44ece37b1c42382927dd04249658a3d41e3f38d5e022)
                t := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, 0x08606e28acd8b2ee4c23a757886d7e99e407d177a58fb31b410ead7fbe1ef272, p)), mulmod(s2, 0x2f70d379513ce458231a8ee6b3029bcbbb4860ef48c104ddcffe65603d81592d, p)), mulmod(s3, 0x15315ba38b9e4c7a64a0844985e7b45db39eaec4c63b490cecfb19f02e102669, p)), mulmod(s4, 0x2a1529e4b1ca0cee97cde58af1536c4823f7e558bdc13f774e4ef3ec8454675b, p))
                s1 := add(s1, mulmod(s0, mload(0xa0), p))
                s2 := add(s2, mulmod(s0, mload(0xc0), p))
                s3 := add(s3, mulmod(s0, mload(0xe0), p))
                s4 := add(s4, mulmod(s0, mload(0x100), p))
                s0 := t
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x18b6740f72d77ebcf642b945ca2ed6c8a9853a3749d7fab6051e4ca36f44fc42)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x1feacb9eb2a6878061374d069a9dae328369ee63e75a1b99cdb06a48b0d9976a)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x1a44ee4565a967647300c75ed2b2543d8d45d5477fd606a356d1073bd13831d2)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x041f3b3b5b1050c16bf3d62d87d5d273b067da484679103231ed65a18da9fe48)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x1fd958cc4fe0a290bd0fbfb8b8a513acb5898d63bc0d7e585b7d081c49eb5659)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0x120), p)), mulmod(s2, mload(0x140), p)), mulmod(s3, mload(0x160), p)), mulmod(s4, mload(0x180), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0xa0), p), mulmod(s1, mload(0x1a0), p)), mulmod(s2, mload(0x1c0), p)), mulmod(s3, mload(0x1e0), p)), mulmod(s4, mload(0x200), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0xc0), p), mulmod(s1, mload(0x220), p)), mulmod(s2, mload(0x240), p)), mulmod(s3, mload(0x260), p)), mulmod(s4, mload(0x280), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x2a0), p)), mulmod(s2, mload(0x2c0), p)), mulmod(s3, mload(0x2e0), p)), mulmod(s4, mload(0x300), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x100), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x175daba07c5edbf84f09c87a8c34dd73325943a48fc12cb839dca47512561d2e)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x09cf0a4e6e31dc24dfd5a5a27a77833e477d5b2d92cff5fc5ccad9528c43ba78)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x12d49465bd4120cbf78e5a3414d44c6530bc963bd701c54d4c6418a6cebe80b1)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x101b2f2b675804d3b26b2bd1e07c7365af0bfc2edf010916eefb39e28215d44a)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x114fc65faba09a59749e0b5f111930783529a0638456216232cb7e5a339736aa)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0x120), p)), mulmod(s2, mload(0x140), p)), mulmod(s3, mload(0x160), p)), mulmod(s4, mload(0x180), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0xa0), p), mulmod(s1, mload(0x1a0), p)), mulmod(s2, mload(0x1c0), p)), mulmod(s3, mload(0x1e0), p)), mulmod(s4, mload(0x200), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0xc0), p), mulmod(s1, mload(0x220), p)), mulmod(s2, mload(0x240), p)), mulmod(s3, mload(0x260), p)), mulmod(s4, mload(0x280), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x2a0), p)), mulmod(s2, mload(0x2c0), p)), mulmod(s3, mload(0x2e0), p)), mulmod(s4, mload(0x300), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x100), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := add(mulmod(mulmod(t, t, p), s0, p), 0x1dff99b52799afc802c2bbf9b67dd044d3cb51017dc4f88358ddd67366d3a9f5)
                t := mulmod(s1, s1, p)
                s1 := add(mulmod(mulmod(t, t, p), s1, p), 0x290f4496a52dd4dda59edccd7325038bbdc0554ad3a9a0be7931c91062a67027)
                t := mulmod(s2, s2, p)
                s2 := add(mulmod(mulmod(t, t, p), s2, p), 0x091e8704663c516c3b96721d2033d985089fb992dca48c8ddcb97d7d15c7e188)
                t := mulmod(s3, s3, p)
                s3 := add(mulmod(mulmod(t, t, p), s3, p), 0x2dce22599de04196a0169fc211d0f9c8692643aa09728eadf6d50bb534c0e323)
                t := mulmod(s4, s4, p)
                s4 := add(mulmod(mulmod(t, t, p), s4, p), 0x29a7ff0720e170c0e67efde72795328fecef66daada5f0e2ca858a8c6135fd48)
                let n0 := add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0x120), p)), mulmod(s2, mload(0x140), p)), mulmod(s3, mload(0x160), p)), mulmod(s4, mload(0x180), p))
                let n1 := add(add(add(add(mulmod(s0, mload(0xa0), p), mulmod(s1, mload(0x1a0), p)), mulmod(s2, mload(0x1c0), p)), mulmod(s3, mload(0x1e0), p)), mulmod(s4, mload(0x200), p))
                let n2 := add(add(add(add(mulmod(s0, mload(0xc0), p), mulmod(s1, mload(0x220), p)), mulmod(s2, mload(0x240), p)), mulmod(s3, mload(0x260), p)), mulmod(s4, mload(0x280), p))
                let n3 := add(add(add(add(mulmod(s0, mload(0xe0), p), mulmod(s1, mload(0x2a0), p)), mulmod(s2, mload(0x2c0), p)), mulmod(s3, mload(0x2e0), p)), mulmod(s4, mload(0x300), p))
                s4 := add(add(add(add(mulmod(s0, mload(0x100), p), mulmod(s1, mload(0x320), p)), mulmod(s2, mload(0x340), p)), mulmod(s3, mload(0x360), p)), mulmod(s4, mload(0x380), p))
                s0 := n0
                s1 := n1
                s2 := n2
                s3 := n3
            }
            {
                let t
                t := mulmod(s0, s0, p)
                s0 := mulmod(mulmod(t, t, p), s0, p)
                t := mulmod(s1, s1, p)
                s1 := mulmod(mulmod(t, t, p), s1, p)
                t := mulmod(s2, s2, p)
                s2 := mulmod(mulmod(t, t, p), s2, p)
                t := mulmod(s3, s3, p)
                s3 := mulmod(mulmod(t, t, p), s3, p)
                t := mulmod(s4, s4, p)
                s4 := mulmod(mulmod(t, t, p), s4, p)
                out := mod(add(add(add(add(mulmod(s0, mload(0x80), p), mulmod(s1, mload(0x120), p)), mulmod(s2, mload(0x140), p)), mulmod(s3, mload(0x160), p)), mulmod(s4, mload(0x180), p)), p)
            }
        }
    }
}
