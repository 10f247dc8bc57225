// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @dev TEST-ONLY ERC-20 that returns true from transfer/transferFrom (the standard).
contract StandardToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external virtual returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external virtual returns (bool) {
        _spend(from, amount);
        _move(from, to, amount);
        return true;
    }

    function _spend(address from, uint256 amount) internal {
        require(allowance[from][msg.sender] >= amount, "allowance");
        allowance[from][msg.sender] -= amount;
    }

    function _move(address from, address to, uint256 amount) internal virtual {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @dev TEST-ONLY token whose transfer/transferFrom return nothing (USDT-style).
contract NoReturnToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    function transfer(address to, uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    function transferFrom(address from, address to, uint256 amount) external {
        require(allowance[from][msg.sender] >= amount, "allowance");
        require(balanceOf[from] >= amount, "balance");
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @dev TEST-ONLY token that burns 1% of every transfer (fee on transfer).
contract FeeOnTransferToken is StandardToken {
    function _move(address from, address to, uint256 amount) internal override {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount - amount / 100;
    }
}

/// @dev TEST-ONLY token that returns false instead of reverting (and moves nothing).
contract FalseReturningToken is StandardToken {
    function transfer(address, uint256) external pure override returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) external pure override returns (bool) {
        return false;
    }
}

/// @dev TEST-ONLY token whose transferFrom calls back into a target first (an ERC-777-style
/// hook), to check that deposits cannot be re-entered.
contract ReentrantToken is StandardToken {
    address public target;
    bytes public callbackData;
    bool public callbackSucceeded;

    function setCallback(address target_, bytes calldata data) external {
        target = target_;
        callbackData = data;
    }

    function transferFrom(address from, address to, uint256 amount) external override returns (bool) {
        if (target != address(0)) {
            (bool ok,) = target.call(callbackData);
            callbackSucceeded = ok;
        }
        _spend(from, amount);
        _move(from, to, amount);
        return true;
    }
}
